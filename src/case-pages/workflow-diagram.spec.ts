import { CASE_STAGES, TRANSITION_NAMES, TRANSITIONS } from '../case/workflow/case-workflow';
import { workflowDiagram } from './workflow-diagram';

describe('workflowDiagram (the /workflow page drawing)', () => {
  const d = workflowDiagram();

  it('draws every stage once, one row each, inside the picture', () => {
    expect(d.stages.map((s) => s.stage)).toEqual([...CASE_STAGES]);
    const ys = d.stages.map((s) => s.y);
    expect(new Set(ys).size).toBe(ys.length);
    for (const s of d.stages) expect(s.y + s.height).toBeLessThanOrEqual(d.height);
  });

  it('draws every transition as a lane: a dot on each stage it leaves, the arrowhead on its target', () => {
    expect(d.lanes.map((l) => l.name)).toEqual([...TRANSITION_NAMES]);
    const rowY = (stage: string) => d.stages.find((s) => s.stage === stage)!.guideY;
    for (const lane of d.lanes) {
      const def = TRANSITIONS[lane.name];
      expect(lane.dots.map((p) => p.cy)).toEqual(def.from.map(rowY));
      expect(lane.dots.map((p) => p.cx)).toEqual(def.from.map(() => lane.x));
      const [tip] = lane.head.split(' ');
      expect(Number(tip.split(',')[1])).toBe(rowY(def.to));
      // the lane spans every stage it touches
      for (const y of [...def.from.map(rowY), rowY(def.to)]) {
        expect(y).toBeGreaterThanOrEqual(lane.y1);
        expect(y).toBeLessThanOrEqual(lane.y2);
      }
      expect(lane.x).toBeLessThan(d.width);
    }
    // lanes do not overlap, and none runs through the stage boxes
    const xs = d.lanes.map((l) => l.x);
    expect(new Set(xs).size).toBe(xs.length);
    expect(Math.min(...xs)).toBeGreaterThan(d.stages[0].x + d.stages[0].width);
  });

  it('gives every lane a colour of at least 3:1 against white', () => {
    const lum = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => {
        const s = parseInt(hex.slice(i, i + 2), 16) / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    for (const lane of d.lanes) expect(1.05 / (lum(lane.colour) + 0.05)).toBeGreaterThanOrEqual(3);
  });
});
