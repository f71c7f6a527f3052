import type { ItemStatus, RecordedItemStatus } from './reference-data';

/*
 * An action item's status comes from the monitoring rounds: the latest round that looked at it sets
 * not_started / in_progress / done, the latest agreement with a new deadline moves its deadline, and
 * an item not done whose deadline has passed is late. Nothing of this is stored on the item.
 */

export interface ItemUpdate {
  /** The round's end date (YYYY-MM-DD) and creation time order the rounds. */
  roundDate: string;
  roundCreatedAt: Date;
  status: RecordedItemStatus;
}

export interface ItemAgreement {
  roundDate: string;
  roundCreatedAt: Date;
  newDeadline: string | null;
}

export interface DerivedItemStatus {
  status: ItemStatus;
  /** What the latest round recorded (before lateness). */
  recordedStatus: RecordedItemStatus;
  /** The deadline in force: the latest agreed one, else the plan's. */
  deadline: string;
  deadlineMoved: boolean;
  late: boolean;
  lastMonitoredOn: string | null;
}

const byRound = (
  a: { roundDate: string; roundCreatedAt: Date },
  b: { roundDate: string; roundCreatedAt: Date },
) =>
  a.roundDate.localeCompare(b.roundDate) ||
  new Date(a.roundCreatedAt).getTime() - new Date(b.roundCreatedAt).getTime();

export function deriveItemStatus(
  item: { deadline: string },
  updates: readonly ItemUpdate[],
  agreements: readonly ItemAgreement[],
  today: string,
): DerivedItemStatus {
  const latest = [...updates].sort(byRound).pop();
  const moved = [...agreements]
    .filter((a) => a.newDeadline)
    .sort(byRound)
    .pop();
  const recordedStatus = latest?.status ?? 'not_started';
  const deadline = moved?.newDeadline ?? item.deadline;
  const late = recordedStatus !== 'done' && deadline < today;
  return {
    status: late ? 'late' : recordedStatus,
    recordedStatus,
    deadline,
    deadlineMoved: !!moved,
    late,
    lastMonitoredOn: latest?.roundDate ?? null,
  };
}
