import { readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Every file under `dir`, in all sub-folders, as `/`-separated paths relative to `dir`, sorted.
 * @example await listFiles('/out') // ['README.md', 'inception_torch/train.py', 'net.py']
 */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}
