import { describe, expect, it } from 'vitest';
import { MetricsAccumulator, topK } from './metrics';

describe('MetricsAccumulator', () => {
  it('computes accuracy, top-5, loss, confusion matrix and per-class precision and recall', () => {
    const m = new MetricsAccumulator(['a', 'b', 'c']);
    m.add([0.7, 0.2, 0.1, 0.1, 0.8, 0.1], [0, 1]);
    m.add([0.6, 0.3, 0.1, 0.2, 0.2, 0.6], [1, 2]);
    const r = m.result();
    expect(r.count).toBe(4);
    expect(r.accuracy).toBe(0.75);
    expect(r.top5).toBe(1);
    expect(r.confusion).toEqual([
      [1, 0, 0],
      [1, 1, 0],
      [0, 0, 1],
    ]);
    expect(r.perClass[0]).toEqual({ name: 'a', support: 1, precision: 0.5, recall: 1 });
    expect(r.perClass[1]).toEqual({ name: 'b', support: 2, precision: 1, recall: 0.5 });
    expect(r.loss).toBeCloseTo((-Math.log(0.7) - Math.log(0.8) - Math.log(0.3) - Math.log(0.6)) / 4);
  });

  it('reports no precision for a class never predicted', () => {
    const m = new MetricsAccumulator(['a', 'b']);
    m.add([0.9, 0.1], [1]);
    expect(m.result().perClass[1]).toEqual({ name: 'b', support: 1, precision: null, recall: 0 });
  });

  it('topK orders by value, ties by index', () => {
    expect(topK([0.1, 0.5, 0.5, 0.2], 3)).toEqual([1, 2, 3]);
  });
});
