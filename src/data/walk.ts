import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { hasImageExtension } from './formats';
import { explainFsError } from './readImage';
import type { SkippedFile } from './report';

/** One thing the walk met: an image file to decode, or a file left out with the reason. */
export type WalkEntry = { kind: 'image'; path: string } | { kind: 'skipped'; file: SkippedFile };

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Every image file under a folder, at any depth, one at a time: depth first, names in code-point
 * order, so the order is the order of the paths. Only one folder's names are held at once, so a
 * folder of any size walks in bounded memory. Hidden entries are ignored; files without an image
 * extension, unreadable folders and symlink loops come out as skipped. Content is checked later, by
 * the decoder.
 * @example for await (const entry of walkImageFiles('/photos')) if (entry.kind === 'image') console.log(entry.path);
 */
export async function* walkImageFiles(root: string): AsyncGenerator<WalkEntry> {
  const absRoot = path.resolve(root);
  yield* walkFolder(absRoot, [await realpath(absRoot)]);
}

async function* walkFolder(dir: string, ancestors: string[]): AsyncGenerator<WalkEntry> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => !n.startsWith('.')).sort(byName);
  } catch (error) {
    const explained = explainFsError(error);
    yield { kind: 'skipped', file: { path: dir, code: explained.code, reason: `cannot list folder: ${explained.reason}` } };
    return;
  }
  for (const name of names) {
    const full = path.join(dir, name);
    let isDirectory: boolean;
    try {
      const info = await stat(full);
      isDirectory = info.isDirectory();
      if (!isDirectory && !info.isFile()) {
        yield { kind: 'skipped', file: { path: full, code: 'not-file', reason: 'not a regular file' } };
        continue;
      }
    } catch (error) {
      const explained = explainFsError(error);
      yield { kind: 'skipped', file: { path: full, code: explained.code, reason: explained.reason } };
      continue;
    }
    if (isDirectory) {
      const real = await realpath(full);
      if (ancestors.includes(real)) {
        yield { kind: 'skipped', file: { path: full, code: 'symlink-loop', reason: `symlink loop: leads back to ${real}` } };
      } else yield* walkFolder(full, [...ancestors, real]);
    } else if (hasImageExtension(full)) yield { kind: 'image', path: full };
    else yield { kind: 'skipped', file: { path: full, code: 'not-image', reason: `not an image file (${path.extname(full) || 'no extension'})` } };
  }
}

/** How many image files `walkImageFiles` will yield, without keeping any of them. */
export async function countImageFiles(root: string): Promise<number> {
  let count = 0;
  for await (const entry of walkImageFiles(root)) if (entry.kind === 'image') count++;
  return count;
}
