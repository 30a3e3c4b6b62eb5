import type { RunInfo } from '../service/api';
import { BEST_EPOCH_RULE } from '../contract/runSummary';
import { table } from './format';

type Out = (text: string) => void;
interface RunsApi { listRuns(): Promise<RunInfo[]>; renameRun(runId: string, name: string): Promise<RunInfo> }

/** `73s` → `1m13s`. */
export const duration = (s: number) => (s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.round(s)}s`);

/** The line the CLI prints when a run ends: the same best epoch, accuracy and time as every screen. */
export function summaryLine(info: RunInfo): string {
  const best = info.bestEpoch === null
    ? 'no best epoch yet'
    : `best epoch ${info.bestEpoch + 1} of ${info.epochsDone} (${BEST_EPOCH_RULE}): validation accuracy ${info.bestValAccuracy?.toFixed(3) ?? '—'}`;
  return `${best}; training time ${duration(info.seconds)}`;
}

/** `inception runs`: every run with its name, data folder, classes and figures, newest first. */
export async function runsCommand(api: RunsApi, json: boolean, out: Out): Promise<number> {
  const runs = await api.listRuns();
  if (json) {
    out(JSON.stringify(runs));
    return 0;
  }
  if (!runs.length) {
    out('no runs yet');
    return 0;
  }
  const percent = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
  out(table([
    ['run', 'name', 'data', 'classes', 'status', 'best epoch', 'val acc', 'time'],
    ...runs.map((r) => [
      r.id, r.label ?? r.name, r.dataDir ?? '—', r.classes ? String(r.classes.length) : '—', r.imported ? `imported (${r.imported.format})` : r.status,
      r.bestEpoch === null ? '—' : `${r.bestEpoch + 1}/${r.epochsDone}`, percent(r.bestValAccuracy), duration(r.seconds),
    ]),
  ]));
  return 0;
}

/** `inception rename RUN NAME`: gives a run its own name ('' goes back to the design's). */
export async function renameCommand(api: RunsApi, runId: string, name: string, out: Out): Promise<number> {
  const info = await api.renameRun(runId, name);
  out(`${info.id}: ${info.label ?? `${info.name} (no name of its own)`}`);
  return 0;
}
