import * as tf from '@tensorflow/tfjs';
import type { ConfusedPair, LossRow } from '../contract/errorAnalysis';
import { NO_AUGMENT } from '../contract/augment';
import { batches, DecodePool, type Sample, type SkippedFile } from '../data';
import { probabilities, type TrainedModel } from './runModel';

/** An image with its given label (an index into the classes) and the model's probabilities for it. */
export interface ScoredSample {
  path: string;
  label: number;
  probabilities: Float32Array;
}

/** The model's probabilities for every readable sample; unreadable files go to `onSkip`. */
export async function scoreSamples(trained: TrainedModel, samples: Sample[], onSkip: (file: SkippedFile) => void, batchSize = 32): Promise<ScoredSample[]> {
  const { model, classes, spec } = trained;
  const k = classes.length;
  const scored: ScoredSample[] = [];
  const pool = await DecodePool.create();
  try {
    for await (const batch of batches(samples, { batchSize, spec, augment: NO_AUGMENT, pool, onSkip })) {
      const x = tf.tensor4d(batch.x, [batch.size, spec.height, spec.width, spec.channels]);
      const p = probabilities(model, x);
      x.dispose();
      for (let i = 0; i < batch.size; i++) scored.push({ path: batch.paths[i], label: batch.y[i], probabilities: p.slice(i * k, (i + 1) * k) });
    }
  } finally {
    await pool.close();
  }
  return scored;
}

const argMax = (p: ArrayLike<number>) => {
  let best = 0;
  for (let i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
  return best;
};

/** The samples sorted by loss (−log p(given label)), highest first; ties by path. */
export function topLosses(scored: readonly ScoredSample[], classes: readonly string[], limit: number): LossRow[] {
  return scored
    .map((s) => {
      const predicted = argMax(s.probabilities);
      const labelProbability = s.probabilities[s.label];
      return {
        path: s.path,
        label: classes[s.label],
        predicted: classes[predicted],
        probability: s.probabilities[predicted],
        labelProbability,
        loss: -Math.log(Math.max(labelProbability, 1e-12)),
      };
    })
    .sort((a, b) => b.loss - a.loss || a.path.localeCompare(b.path))
    .slice(0, limit);
}

/** Pairs (given label, predicted class) of wrong predictions with their counts, most frequent first. */
export function confusedPairs(scored: readonly ScoredSample[], classes: readonly string[]): ConfusedPair[] {
  const counts = new Map<string, ConfusedPair>();
  for (const s of scored) {
    const predicted = argMax(s.probabilities);
    if (predicted === s.label) continue;
    const key = `${s.label}→${predicted}`;
    const pair = counts.get(key) ?? { label: classes[s.label], predicted: classes[predicted], count: 0 };
    pair.count += 1;
    counts.set(key, pair);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label) || a.predicted.localeCompare(b.predicted));
}

/** Share of samples whose most probable class is their label. */
export function accuracyOf(scored: readonly ScoredSample[]): number {
  return scored.length ? scored.filter((s) => argMax(s.probabilities) === s.label).length / scored.length : 0;
}
