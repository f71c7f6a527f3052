import {
  CASE_STAGES,
  CaseStage,
  TRANSITION_NAMES,
  TRANSITIONS,
  TransitionName,
} from '../case/workflow/case-workflow';

/**
 * The case workflow drawn for the /workflow page: the geometry of an SVG computed on the server from
 * the transition table (src/case/workflow), so a new stage or transition is drawn without touching
 * the template; the template writes the labels in the reader's language (`{{tk …}}`).
 *
 * The drawing: the stages in a column, one row each; each transition is a vertical lane to their
 * right, named at its top, with a dot on each stage it leaves from and an arrowhead pointing at the
 * stage it leads to (the stage's row guide joins lane and stage). No third-party renderer, nothing
 * loaded from elsewhere.
 */
export interface DiagramStage {
  stage: CaseStage;
  x: number;
  y: number;
  width: number;
  height: number;
  textX: number;
  textY: number;
  /** The faint row guide across the lanes. */
  guideX2: number;
  guideY: number;
}

export interface DiagramLane {
  name: TransitionName;
  colour: string;
  x: number;
  y1: number;
  y2: number;
  labelX: number;
  labelY: number;
  dots: { cx: number; cy: number }[];
  /** The arrowhead on the lane, pointing at the stage it leads to (polygon points). */
  head: string;
}

export interface WorkflowDiagram {
  width: number;
  height: number;
  stages: DiagramStage[];
  lanes: DiagramLane[];
}

/** Lane colours: each at least 3:1 against white (WCAG 1.4.11), told apart by their label too. */
export const LANE_COLOURS = [
  '#7a2e5c',
  '#1746a2',
  '#1e6b3a',
  '#a02020',
  '#6b4a12',
  '#3a3f99',
  '#0d5c5c',
  '#5b2a86',
] as const;

const BOX_WIDTH = 200;
const BOX_HEIGHT = 36;
const ROW = 52;
const LANE = 64;
const FIRST_LANE = BOX_WIDTH + 40;
/** Room above the first stage for the lanes' slanted names. */
const HEADER = 170;

export function workflowDiagram(): WorkflowDiagram {
  const rowOf = (stage: CaseStage) => CASE_STAGES.indexOf(stage);
  const middle = (stage: CaseStage) => HEADER + rowOf(stage) * ROW + BOX_HEIGHT / 2;
  // room on the right for the last lane's slanted name
  const width = FIRST_LANE + TRANSITION_NAMES.length * LANE + 150;
  const stages: DiagramStage[] = CASE_STAGES.map((stage, i) => ({
    stage,
    x: 1,
    y: HEADER + i * ROW,
    width: BOX_WIDTH,
    height: BOX_HEIGHT,
    textX: 12,
    textY: HEADER + i * ROW + BOX_HEIGHT / 2 + 5,
    guideX2: FIRST_LANE + TRANSITION_NAMES.length * LANE + 10,
    guideY: middle(stage),
  }));
  const lanes: DiagramLane[] = TRANSITION_NAMES.map((name, i) => {
    const def = TRANSITIONS[name];
    const x = FIRST_LANE + i * LANE + LANE / 2;
    const rows = [...def.from, def.to].map(middle);
    const y = middle(def.to);
    return {
      name,
      colour: LANE_COLOURS[i % LANE_COLOURS.length],
      x,
      y1: Math.min(...rows),
      y2: Math.max(...rows),
      labelX: x,
      labelY: HEADER - 14,
      dots: def.from.map((stage) => ({ cx: x, cy: middle(stage) })),
      head: `${x - 9},${y} ${x + 7},${y - 9} ${x + 7},${y + 9}`,
    };
  });
  return { width, height: HEADER + CASE_STAGES.length * ROW + 10, stages, lanes };
}
