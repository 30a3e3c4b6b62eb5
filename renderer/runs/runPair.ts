import type { FolderFix } from '../../src/contract/errorAnalysis';
import type { RunInfo, TrainEvent } from '../../src/service/api';
import type { RunReport } from '../components/runReport';

/** What the comparison reads of one run: its listing, its report (null before it has one), its events. */
export interface RunSide {
  info: Pick<RunInfo, 'id' | 'created' | 'dataDir' | 'classes'>;
  report: RunReport | null;
  events: readonly TrainEvent[];
}

/** One measure of both runs; `change` is newer − older (null where either is missing). */
export interface PairRow {
  older: number | null;
  newer: number | null;
  change: number | null;
}

export interface RunPairComparison {
  older: string;
  newer: string;
  accuracy: PairRow;
  loss: PairRow;
  trainImages: PairRow;
  validationImages: PairRow;
  /** Per class of either run, in the older run's class order then the newer's new ones. */
  recall: ({ name: string } & PairRow)[];
  /** Both runs trained on the same folder: only then are the folder's changes between them listed. */
  sameFolder: boolean;
  /** Changes to the folder after the older run was created and before the newer one, still in effect (not undone). */
  changes: FolderFix[];
}

const row = (older: number | null | undefined, newer: number | null | undefined): PairRow => ({
  older: older ?? null,
  newer: newer ?? null,
  change: older == null || newer == null ? null : newer - older,
});

/** The sizes of the split of a run's latest start. */
function splitSizes(events: readonly TrainEvent[]): { train: number | null; validation: number | null } {
  const start = events.findLast((e) => e.type === 'start');
  return start?.type === 'start' ? { train: start.trainSize, validation: start.valSize } : { train: null, validation: null };
}

/**
 * Two runs side by side, older first whichever order they come in: validation accuracy and loss, per-class
 * recall, the images each trained and validated on, and the changes made to their folder between them
 * (`fixes`: the folder's `listFolderFixes`).
 */
export function compareRunPair(a: RunSide, b: RunSide, fixes: readonly FolderFix[]): RunPairComparison {
  const [older, newer] = a.info.created <= b.info.created ? [a, b] : [b, a];
  const recallOf = (side: RunSide) => new Map((side.report?.validation?.perClass ?? []).map((c) => [c.name, c.recall]));
  const olderRecall = recallOf(older);
  const newerRecall = recallOf(newer);
  const names = [...new Set([...olderRecall.keys(), ...newerRecall.keys()])];
  const sizes = [splitSizes(older.events), splitSizes(newer.events)];
  const sameFolder = older.info.dataDir !== null && older.info.dataDir === newer.info.dataDir;
  const from = older.info.created;
  const to = newer.info.created;
  return {
    older: older.info.id,
    newer: newer.info.id,
    accuracy: row(older.report?.validation?.accuracy, newer.report?.validation?.accuracy),
    loss: row(older.report?.validation?.loss, newer.report?.validation?.loss),
    trainImages: row(sizes[0].train, sizes[1].train),
    validationImages: row(sizes[0].validation, sizes[1].validation),
    recall: names.map((name) => ({ name, ...row(olderRecall.get(name), newerRecall.get(name)) })),
    sameFolder,
    changes: sameFolder
      ? fixes.filter((f) => f.action !== 'undo' && !f.undone && Date.parse(f.time) >= from && Date.parse(f.time) <= to)
      : [],
  };
}
