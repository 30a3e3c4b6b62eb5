import type { Suspect } from '../contract/errorAnalysis';
import type { ScoredSample } from './errorAnalysis';

/**
 * Per class j, the mean out-of-sample probability of j over the samples labelled j: the confidence the model
 * typically has in that class (Northcutt et al. 2021, "Confident learning", the per-class threshold t_j).
 */
export function classThresholds(scored: readonly ScoredSample[], classCount: number): number[] {
  const sums = new Array<number>(classCount).fill(0);
  const counts = new Array<number>(classCount).fill(0);
  for (const s of scored) {
    sums[s.label] += s.probabilities[s.label];
    counts[s.label] += 1;
  }
  return sums.map((sum, j) => (counts[j] ? sum / counts[j] : 1));
}

/**
 * The samples counted as label issues: those where some other class j reaches its threshold (p_j ≥ t_j,
 * confident learning's off-diagonal of the confident joint), and those whose most probable class is not the
 * given one (cleanlab's `predicted_neq_given`); with soft probabilities the thresholds alone miss files whose
 * true class the model finds likely but below its usual confidence. The proposed class is the most probable
 * j over the threshold, else the most probable class. Ranked by the probability of the given label, lowest
 * first (self-confidence), ties by path.
 */
export function rankSuspects(scored: readonly ScoredSample[], classes: readonly string[]): { thresholds: number[]; suspects: Suspect[] } {
  const thresholds = classThresholds(scored, classes.length);
  const suspects: Suspect[] = [];
  for (const s of scored) {
    let proposed = -1;
    for (let j = 0; j < classes.length; j++) {
      if (j === s.label || s.probabilities[j] < thresholds[j]) continue;
      if (proposed < 0 || s.probabilities[j] > s.probabilities[proposed]) proposed = j;
    }
    if (proposed < 0) {
      let best = 0;
      for (let j = 1; j < classes.length; j++) if (s.probabilities[j] > s.probabilities[best]) best = j;
      if (best === s.label) continue;
      proposed = best;
    }
    suspects.push({
      path: s.path,
      label: classes[s.label],
      proposed: classes[proposed],
      confidence: s.probabilities[proposed],
      labelProbability: s.probabilities[s.label],
    });
  }
  suspects.sort((a, b) => a.labelProbability - b.labelProbability || a.path.localeCompare(b.path));
  return { thresholds, suspects };
}

/** Assigns each sample a fold, stratified: each class's samples, in the order given, dealt round-robin from a class-dependent start. */
export function stratifiedFolds<T extends { label: number }>(samples: readonly T[], folds: number): number[] {
  const next = new Map<number, number>();
  return samples.map((s) => {
    const k = next.get(s.label) ?? s.label % folds;
    next.set(s.label, (k + 1) % folds);
    return k;
  });
}
