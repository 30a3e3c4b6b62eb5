/** A random number generator returning floats in [0, 1). */
export type Rng = () => number;

/**
 * Mulberry32: a tiny seeded PRNG with a 32-bit state, good enough for shuffles and augmentation.
 * @example const rng = mulberry32(42); rng(); // 0.6011…
 */
export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Murmur3's 32-bit finaliser: spreads every input bit over the whole word. */
function avalanche(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Derives an independent 32-bit seed from several parts, e.g. `(seed, epoch, sampleIndex)`.
 * Strings are hashed by their UTF-16 code units.
 */
export function deriveSeed(...parts: (number | string)[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    if (typeof part === 'number') {
      h = avalanche(h ^ Math.imul(part >>> 0, 0xcc9e2d51));
      h = avalanche(h ^ Math.imul(Math.floor(part / 4294967296) >>> 0, 0x1b873593));
    } else {
      for (let i = 0; i < part.length; i++) h = avalanche(h ^ Math.imul(part.charCodeAt(i), 0xcc9e2d51));
      h = avalanche(h ^ part.length);
    }
  }
  return h;
}

/** Fisher–Yates shuffle in place. */
export function shuffleInPlace<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = items[i];
    items[i] = items[j];
    items[j] = tmp;
  }
  return items;
}

/** `0..n-1`, shuffled with `rng` when given. */
export function permutation(n: number, rng?: Rng): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  return rng ? shuffleInPlace(order, rng) : order;
}
