import type { RunInfo } from '../../src/service/api';
import { BEST_EPOCH_RULE, TRAINING_TIME_RULE } from '../../src/contract/runSummary';

/** Tooltips that say what the figures mean, wherever they are shown. */
export const BEST_ACCURACY_HINT = `Validation accuracy of the best epoch: ${BEST_EPOCH_RULE}.`;
export const TRAINING_TIME_HINT = `Training time: ${TRAINING_TIME_RULE}.`;

/** The last part of a folder path (`/data/digits` → `digits`); the full path goes in a tooltip. */
export function shortFolder(dir: string | null): string {
  if (!dir) return '—';
  const parts = dir.split(/[\\/]+/).filter(Boolean);
  return parts.at(-1) ?? dir;
}

/** What a run is called: the name the user gave it, else its design's name. */
export const runTitle = (run: Pick<RunInfo, 'label' | 'name'>): string => run.label ?? run.name;

/** `digits · 10 classes`: the data a run trained on, in a few words. */
export function runDataCaption(run: Pick<RunInfo, 'dataDir' | 'classes'>): string {
  const classes = run.classes ? `${run.classes.length} class${run.classes.length === 1 ? '' : 'es'}` : 'classes unknown';
  return `${shortFolder(run.dataDir)} · ${classes}`;
}

/** A name cut to `max` characters, an ellipsis where it was cut: `shortName('Small CNN on digits', 12)` → `Small CNN o…`. */
export function shortName(name: string, max: number): string {
  const chars = [...name];
  return chars.length <= max ? name : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/**
 * One line that tells runs apart in a legend or a list: name, data, and the time it started. Where space is
 * short, `maxName` cuts the name, never what follows it.
 */
export function runLegend(run: Pick<RunInfo, 'id' | 'label' | 'name' | 'dataDir' | 'classes'>, maxName = Infinity): string {
  const stamp = /^\d{8}-(\d{2})(\d{2})/.exec(run.id);
  return `${shortName(runTitle(run), maxName)} · ${runDataCaption(run)}${stamp ? ` · ${stamp[1]}:${stamp[2]}` : ''}`;
}

const sameClasses = (a: readonly string[], b: readonly string[]) => {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((name) => set.has(name));
};

/** Which run Try it starts with, and why. */
export interface DefaultRun {
  runId: string | null;
  /** `matches`: its classes are the folder's; `latest`: none matches (or no folder), so the newest. */
  why: 'matches' | 'latest' | 'none';
}

/**
 * The newest run (runs come newest first) whose classes are those of the folder the user last worked
 * on, else the newest run.
 */
export function defaultRun(runs: readonly Pick<RunInfo, 'id' | 'classes'>[], folderClasses: readonly string[] | null): DefaultRun {
  if (runs.length === 0) return { runId: null, why: 'none' };
  const match = folderClasses?.length ? runs.find((r) => r.classes && sameClasses(r.classes, folderClasses)) : undefined;
  return match ? { runId: match.id, why: 'matches' } : { runId: runs[0].id, why: 'latest' };
}

/** The Runs table's epochs, time and status for a run; an imported model was not trained here, so it has none. */
export function runProgressCells(run: Pick<RunInfo, 'imported' | 'epochsDone' | 'epochs' | 'status'>, duration: (seconds: number) => string, seconds: number): { epochs: string; time: string; status: string } {
  if (run.imported) return { epochs: '—', time: '—', status: 'imported' };
  return { epochs: `${run.epochsDone} / ${run.epochs || '?'}`, time: duration(seconds), status: run.status };
}
