import { existsSync, statSync } from 'node:fs';
import { readRunSplit, walkImageFiles } from '../../data';

/** Evenly spaced picks of at most `count` items, first included: a spread over every class folder. */
export function spread<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]);
}

/** The images to calibrate on: every image under `folder` (any depth), or the run's training images. */
export async function calibrationCandidates(runDir: string, folder?: string): Promise<{ files: string[]; source: string }> {
  if (folder) {
    if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new Error(`--calibration: expected a folder of images, found no folder at ${folder}`);
    const files: string[] = [];
    for await (const entry of walkImageFiles(folder)) if (entry.kind === 'image') files.push(entry.path);
    return { files: files.sort(), source: folder };
  }
  const split = await readRunSplit(runDir);
  if (!split) throw new Error(`${runDir}: expected the run's split.json (its training images) to calibrate on; give --calibration DIR instead`);
  return { files: split.train.map((s) => s.path), source: `the run's training images (${split.method.dir})` };
}
