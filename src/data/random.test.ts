import { describe, expect, it } from 'vitest';
import { deriveSeed, mulberry32, permutation, shuffleInPlace } from './random';

describe('random', () => {
  it('mulberry32 is deterministic and stays in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const values = Array.from({ length: 1000 }, () => a());
    expect(values).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
    expect(mulberry32(43)()).not.toBe(mulberry32(42)());
  });

  it('deriveSeed separates its parts', () => {
    const seeds = new Set<number>();
    for (let epoch = 0; epoch < 10; epoch++) for (let i = 0; i < 100; i++) seeds.add(deriveSeed(7, epoch, i));
    expect(seeds.size).toBe(1000);
    expect(deriveSeed(1, 'a')).toBe(deriveSeed(1, 'a'));
    expect(deriveSeed(1, 'ab')).not.toBe(deriveSeed(1, 'ba'));
    expect(deriveSeed(1, 2)).not.toBe(deriveSeed(2, 1));
  });

  it('shuffles into a permutation, reproducibly', () => {
    const order = shuffleInPlace(permutation(50), mulberry32(1));
    expect([...order].sort((a, b) => a - b)).toEqual(permutation(50));
    expect(order).not.toEqual(permutation(50));
    expect(permutation(50, mulberry32(1))).toEqual(order);
  });
});
