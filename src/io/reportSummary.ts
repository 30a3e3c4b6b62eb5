import { readJson, runPaths, writeJson } from './runFolder';
import { readMetrics } from './metricsFile';
import { summarizeRun, type RunSummary } from '../contract/runSummary';

/** The summary as `report.json` stores it (the field names older reports already use). */
export function reportSummaryFields(summary: RunSummary) {
  return {
    epochsDone: summary.epochsDone,
    bestEpoch: summary.bestEpoch,
    bestValAccuracy: summary.bestValAccuracy,
    bestValLoss: summary.bestValLoss,
    seconds: summary.trainingSeconds,
  };
}

/**
 * Rewrites a finished run's `report.json` with the summary of its `metrics.jsonl` (atomically), so an
 * engine that writes its own report (the PyTorch runner) shows the same figures as every other place.
 * Returns the summary; does nothing to a run without a report.
 */
export async function applyRunSummary(runDir: string): Promise<RunSummary> {
  const paths = runPaths(runDir);
  const summary = summarizeRun(await readMetrics(paths.metrics));
  const report = await readJson<Record<string, unknown>>(paths.report).catch(() => null);
  if (report && typeof report === 'object') await writeJson(paths.report, { ...report, ...reportSummaryFields(summary) });
  return summary;
}
