import type { TopLosses } from '../contract/errorAnalysis';
import type { SkippedFile } from '../data';
import { accuracyOf, confusedPairs, scoreSamples, topLosses } from './errorAnalysis';
import { loadRunModel } from './runModel';
import { runValidationSamples } from './evaluateModel';

/** A finished run's validation images (its own split) sorted by loss, and its most confused pairs of classes. */
export async function runTopLosses(runDir: string, limit = 50): Promise<TopLosses> {
  const trained = await loadRunModel(runDir);
  const { samples, skipped: splitSkipped } = await runValidationSamples(runDir, trained.classes);
  const skipped: SkippedFile[] = [...splitSkipped];
  const scored = await scoreSamples(trained, samples, (file) => skipped.push(file));
  return {
    classes: trained.classes,
    count: scored.length,
    accuracy: accuracyOf(scored),
    losses: topLosses(scored, trained.classes, limit),
    pairs: confusedPairs(scored, trained.classes),
    skipped,
  };
}
