import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { countImageFiles, walkImageFiles, type WalkEntry } from './walk';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function collect(root: string): Promise<WalkEntry[]> {
  const entries: WalkEntry[] = [];
  for await (const entry of walkImageFiles(root)) entries.push(entry);
  return entries;
}

describe('walkImageFiles', () => {
  it('yields images at any depth in path order, lists other files as skipped, ignores hidden ones, survives a symlink loop', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'walk-'));
    dirs.push(root);
    await mkdir(path.join(root, 'b', 'deep', 'er'), { recursive: true });
    await mkdir(path.join(root, 'a'));
    for (const f of ['b/2.png', 'b/10.jpg', 'a/x.webp', 'b/deep/er/y.PNG', 'top.gif', '.hidden.png', 'b/readme.md']) await writeFile(path.join(root, f), '');
    await symlink(root, path.join(root, 'b', 'loop'));
    const entries = await collect(root);
    const images = entries.flatMap((e) => (e.kind === 'image' ? [path.relative(root, e.path)] : []));
    expect(images).toEqual(['a/x.webp', 'b/10.jpg', 'b/2.png', 'b/deep/er/y.PNG', 'top.gif']);
    const skipped = entries.flatMap((e) => (e.kind === 'skipped' ? [[path.relative(root, e.file.path), e.file.code]] : []));
    expect(skipped).toEqual([['b/loop', 'symlink-loop'], ['b/readme.md', 'not-image']]);
    expect(await countImageFiles(root)).toBe(5);
  });
});
