import { describe, expect, it } from 'vitest';
import { classThresholds, rankSuspects, stratifiedFolds } from './confidentLearning';
import type { ScoredSample } from './errorAnalysis';

const s = (path: string, label: number, p: number[]): ScoredSample => ({ path, label, probabilities: Float32Array.from(p) });

describe('confident learning', () => {
  const scored = [
    s('a', 0, [0.9, 0.1]),
    s('b', 0, [0.7, 0.3]),
    s('c', 0, [0.2, 0.8]), // labelled 0, the model is sure it is 1
    s('d', 1, [0.4, 0.6]),
    s('e', 1, [0.1, 0.9]),
  ];

  it('takes per-class thresholds as the mean probability of the class over its own files', () => {
    const t = classThresholds(scored, 2);
    expect(t[0]).toBeCloseTo((0.9 + 0.7 + 0.2) / 3, 6);
    expect(t[1]).toBeCloseTo((0.6 + 0.9) / 2, 6);
  });

  it('flags files where another class reaches its threshold, proposes it, most suspicious first', () => {
    const { suspects } = rankSuspects(scored, ['shirt', 'coat']);
    // t = [0.6, 0.75]: c has p(coat) 0.8 ≥ 0.75; d has p(shirt) 0.4 < 0.6; nothing else crosses.
    expect(suspects.map((x) => [x.path, x.label, x.proposed])).toEqual([['c', 'shirt', 'coat']]);
    // Three classes, t = [0.5, 0.9, 0.9]: f's most probable class is fox (0.5 < its threshold 0.9), still a suspect.
    const three = [s('f', 0, [0.3, 0.2, 0.5]), s('g', 0, [0.7, 0.2, 0.1]), s('h', 1, [0, 0.9, 0.1]), s('i', 2, [0, 0.1, 0.9])];
    expect(rankSuspects(three, ['cat', 'dog', 'fox']).suspects.map((x) => [x.path, x.proposed])).toEqual([['f', 'fox']]);
    expect(suspects[0].confidence).toBeCloseTo(0.8, 6);
    expect(suspects[0].labelProbability).toBeCloseTo(0.2, 6);
  });

  it('deals every class evenly over the folds', () => {
    const samples = Array.from({ length: 23 }, (_, i) => ({ label: i % 3 }));
    const folds = stratifiedFolds(samples, 4);
    for (let label = 0; label < 3; label++) {
      const sizes = [0, 1, 2, 3].map((k) => folds.filter((f, i) => f === k && samples[i].label === label).length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });
});
