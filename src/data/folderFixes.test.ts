import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { excludeFile, listFolderFixes, moveToClass, quarantineDir, undoFolderFix } from './folderFixes';
import { tempFolder } from './testing/images';

/** Every file under `dir` (any depth) by path relative to it, with its SHA-256. */
async function hashes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (d: string) => {
    for (const entry of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) await walk(full);
      else out[path.relative(dir, full)] = createHash('sha256').update(await readFile(full)).digest('hex');
    }
  };
  await walk(dir);
  return out;
}

let dir = '';
let cleanup = async () => {};
let data = '';
beforeEach(async () => {
  ({ dir, cleanup } = await tempFolder('inception-fixes-'));
  data = path.join(dir, 'pets');
  for (const c of ['cat', 'dog']) {
    await mkdir(path.join(data, c), { recursive: true });
    for (let i = 0; i < 3; i++) await writeFile(path.join(data, c, `${c}${i}.png`), `${c} picture ${i}`);
  }
});
afterEach(async () => {
  await rm(quarantineDir(data), { recursive: true, force: true });
  await cleanup();
});

describe('fixing a data folder', () => {
  it('moves, excludes and undoes without losing a byte: the file hashes come back as they were', async () => {
    const before = await hashes(data);
    const allBytes = () => Promise.all([hashes(data), hashes(quarantineDir(data))]).then(([a, q]) => [...Object.values(a), ...Object.values(q).filter((_, i) => Object.keys(q)[i].includes(path.sep))].sort());

    const moved = await moveToClass(data, path.join(data, 'cat', 'cat1.png'), 'dog', '20260101-000000-run');
    expect(moved).toMatchObject({ id: 1, action: 'move', to: path.join(data, 'dog', 'cat1.png'), runId: '20260101-000000-run' });
    const excluded = await excludeFile(data, path.join(data, 'dog', 'dog2.png'), '20260101-000000-run');
    expect(excluded.to).toBe(path.join(quarantineDir(data), 'dog', 'dog2.png'));
    expect(Object.keys(await hashes(data)).sort()).toEqual(['cat/cat0.png', 'cat/cat2.png', 'dog/cat1.png', 'dog/dog0.png', 'dog/dog1.png'].map((p) => p.split('/').join(path.sep)));
    expect(await allBytes()).toEqual(Object.values(before).sort());
    const manifest = JSON.parse(await readFile(path.join(quarantineDir(data), 'manifest.json'), 'utf8'));
    expect(manifest.quarantined).toEqual([{ file: excluded.to, from: path.join(data, 'dog', 'dog2.png'), sha256: before[path.join('dog', 'dog2.png')], runId: '20260101-000000-run', change: 2 }]);

    await undoFolderFix(data); // the exclude
    await undoFolderFix(data); // the move
    expect(await hashes(data)).toEqual(before);
    const log = await listFolderFixes(data);
    expect(log.map((f) => [f.id, f.action, f.undoes ?? null, f.undone ?? null])).toEqual([
      [1, 'move', null, true], [2, 'exclude', null, true], [3, 'undo', 2, null], [4, 'undo', 1, null],
    ]);
    expect(JSON.parse(await readFile(path.join(quarantineDir(data), 'manifest.json'), 'utf8')).quarantined).toEqual([]);
    await expect(undoFolderFix(data)).rejects.toThrow(/there is no change to undo/);
  });

  it('refuses what would overwrite or reach outside the folder, changing nothing', async () => {
    const before = await hashes(data);
    await writeFile(path.join(data, 'dog', 'cat0.png'), 'another picture');
    await expect(moveToClass(data, path.join(data, 'cat', 'cat0.png'), 'dog')).rejects.toThrow(/would replace another: .*dog\/cat0\.png already exists; nothing was changed/);
    await expect(excludeFile(data, path.join(dir, 'elsewhere.png'))).rejects.toThrow(/expected a file inside a class folder of/);
    await expect(moveToClass(data, path.join(data, 'cat', 'cat9.png'), 'dog')).rejects.toThrow(/expected a file at .*cat9\.png, found none/);
    await expect(moveToClass(data, path.join(data, 'cat', 'cat1.png'), '../x')).rejects.toThrow(/expected a class folder name/);
    expect(await hashes(data)).toEqual({ ...before, [path.join('dog', 'cat0.png')]: createHash('sha256').update('another picture').digest('hex') });
    expect(await listFolderFixes(data)).toEqual([]);
  });
});
