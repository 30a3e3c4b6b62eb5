import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FolderFix } from '../contract/errorAnalysis';
import { tempFolder } from '../data/testing/images';

const BIN = fileURLToPath(new URL('../../bin/inception.mjs', import.meta.url));

function inception(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }));
  });
}

async function hashes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const c of await readdir(dir)) {
    for (const f of await readdir(path.join(dir, c))) out[`${c}/${f}`] = createHash('sha256').update(await readFile(path.join(dir, c, f))).digest('hex');
  }
  return out;
}

let folder: Awaited<ReturnType<typeof tempFolder>>;
let data = '';
beforeAll(async () => {
  folder = await tempFolder('inception-fix-cli-');
  data = path.join(folder.dir, 'shoes');
  for (const c of ['boot', 'sandal']) {
    await mkdir(path.join(data, c), { recursive: true });
    for (let i = 0; i < 2; i++) await writeFile(path.join(data, c, `${c}${i}.png`), `${c} ${i}`);
  }
});
afterAll(() => folder.cleanup());

describe('inception fix', () => {
  it('moves and excludes files with the run that suggested it, lists the changes, and undoes them all', async () => {
    const before = await hashes(data);
    const work = path.join(folder.dir, 'ws');
    const ok = async (args: string[]) => {
      const r = await inception(['fix', data, ...args, '--workspace', work]);
      expect(r.code, r.stderr).toBe(0);
      return r.stdout;
    };
    expect(await ok(['--move', path.join(data, 'boot', 'boot0.png'), '--to', 'sandal', '--run', '20260101-000000-x'])).toContain('1. move: ');
    expect(await ok(['--exclude', path.join(data, 'sandal', 'sandal1.png')])).toContain(`2. exclude: ${path.join(data, 'sandal', 'sandal1.png')} → ${path.join(folder.dir, 'shoes.quarantine', 'sandal', 'sandal1.png')}`);
    expect(Object.keys(await hashes(data)).sort()).toEqual(['boot/boot1.png', 'sandal/boot0.png', 'sandal/sandal0.png']);
    const list = JSON.parse(await ok(['--list', '--json'])) as FolderFix[];
    expect(list.map((f) => [f.action, f.runId])).toEqual([['move', '20260101-000000-x'], ['exclude', null]]);
    await ok(['--undo', '--id', '1']);
    await ok(['--undo']);
    expect(await hashes(data)).toEqual(before);
    const again = await inception(['fix', data, '--undo', '--workspace', work]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('there is no change to undo');
  }, 240_000);
});
