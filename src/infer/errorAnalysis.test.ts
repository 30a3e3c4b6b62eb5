import { describe, expect, it } from 'vitest';
import { accuracyOf, confusedPairs, topLosses, type ScoredSample } from './errorAnalysis';

const CLASSES = ['cat', 'dog', 'fox'];
const sample = (path: string, label: number, p: number[]): ScoredSample => ({ path, label, probabilities: Float32Array.from(p) });
const SCORED = [
  sample('a.png', 0, [0.9, 0.05, 0.05]),
  sample('b.png', 0, [0.1, 0.8, 0.1]),
  sample('c.png', 1, [0.7, 0.2, 0.1]),
  sample('d.png', 0, [0.3, 0.6, 0.1]),
  sample('e.png', 2, [0.05, 0.05, 0.9]),
];

describe('top losses and confused pairs', () => {
  it('sorts images by −log p(given label), with the prediction and both probabilities', () => {
    const rows = topLosses(SCORED, CLASSES, 3);
    expect(rows.map((r) => r.path)).toEqual(['b.png', 'c.png', 'd.png']);
    expect(rows[0]).toMatchObject({ label: 'cat', predicted: 'dog' });
    expect(rows[0].probability).toBeCloseTo(0.8, 6);
    expect(rows[0].labelProbability).toBeCloseTo(0.1, 6);
    expect(rows[0].loss).toBeCloseTo(-Math.log(0.1), 5);
    expect(topLosses(SCORED, CLASSES, 10)).toHaveLength(5);
  });

  it('counts each (given, predicted) pair of the wrong predictions, most frequent first', () => {
    expect(confusedPairs(SCORED, CLASSES)).toEqual([
      { label: 'cat', predicted: 'dog', count: 2 },
      { label: 'dog', predicted: 'cat', count: 1 },
    ]);
    expect(accuracyOf(SCORED)).toBeCloseTo(0.4, 9);
  });
});
