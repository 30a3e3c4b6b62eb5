/** Classification metrics from predicted probabilities; pure, so both engines' results can share it. */
import type { EvaluationMetrics } from '../contract/evaluation';

/** Accumulates predictions batch by batch; memory is O(classes²), whatever the number of images. */
export class MetricsAccumulator {
  private readonly confusion: number[][];
  private count = 0;
  private top1 = 0;
  private top5 = 0;
  private lossSum = 0;

  constructor(private readonly classes: readonly string[]) {
    this.confusion = classes.map(() => classes.map(() => 0));
  }

  /** `probabilities` holds `labels.length` rows of `classes.length` values. */
  add(probabilities: Float32Array | number[], labels: ArrayLike<number>): void {
    const k = this.classes.length;
    for (let i = 0; i < labels.length; i++) {
      const row = Array.from(probabilities.slice(i * k, (i + 1) * k));
      const label = labels[i];
      const predicted = topK(row, 1)[0];
      this.confusion[label][predicted] += 1;
      this.count += 1;
      if (predicted === label) this.top1 += 1;
      if (topK(row, Math.min(5, k)).includes(label)) this.top5 += 1;
      this.lossSum += -Math.log(Math.max(row[label], 1e-12));
    }
  }

  result(): EvaluationMetrics {
    const n = Math.max(this.count, 1);
    const perClass = this.classes.map((name, c) => {
      const support = this.confusion[c].reduce((a, b) => a + b, 0);
      const predicted = this.confusion.reduce((sum, row) => sum + row[c], 0);
      const hit = this.confusion[c][c];
      return { name, support, precision: predicted ? hit / predicted : null, recall: support ? hit / support : null };
    });
    return {
      count: this.count,
      accuracy: this.top1 / n,
      top5: this.top5 / n,
      loss: this.lossSum / n,
      confusion: this.confusion.map((row) => [...row]),
      perClass,
    };
  }
}

/** Indices of the k largest values, largest first; ties keep the lower index first. */
export function topK(values: ArrayLike<number>, k: number): number[] {
  return Array.from({ length: values.length }, (_, i) => i)
    .sort((a, b) => values[b] - values[a] || a - b)
    .slice(0, k);
}
