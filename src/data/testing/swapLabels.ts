import { readdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { mulberry32, shuffleInPlace } from '../random';

/**
 * Moves `share` of a class-per-folder dataset's files (seeded) into another class's folder, so their labels are
 * now wrong. Returns the moved files' new paths.
 */
export async function swapLabels(dir: string, share: number, seed: number): Promise<string[]> {
  const classes = (await readdir(dir)).sort();
  const files = (await Promise.all(classes.map(async (c) => (await readdir(path.join(dir, c))).sort().map((f) => ({ c, f }))))).flat();
  const rng = mulberry32(seed);
  const chosen = shuffleInPlace(files, rng).slice(0, Math.round(files.length * share));
  const moved: string[] = [];
  for (const { c, f } of chosen) {
    const others = classes.filter((x) => x !== c);
    const to = path.join(dir, others[Math.floor(rng() * others.length)], f);
    await rename(path.join(dir, c, f), to);
    moved.push(to);
  }
  return moved;
}
