import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fashionMnistAvailable, writeFashionMnistFolder } from '../data/testing/fashionMnist';
import { loadPreset } from '../graph/presets';
import { writeTestRun } from '../import/testing/importedRuns';
import { CSV_HEADER, parseCsv } from '../infer/csv';

const BIN = fileURLToPath(new URL('../../bin/inception.mjs', import.meta.url));

function inception(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { maxBuffer: 64 * 1024 * 1024, timeout: 240_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

interface Top { label: string; probability: number }
// The inference runtime named: `auto` would measure both runtimes first; that choice is inferenceRuntime.test.ts's.
const TFJS = ['--runtime', 'tfjs'];

// On CI the data must be there: without it the setup fails instead of the tests being skipped.
describe.runIf(fashionMnistAvailable('t10k') || Boolean(process.env.CI))('inception predict RUN FOLDER', () => {
  let root = '';
  let data = '';
  let workspace = '';
  const runId = '20260101-000000-small-cnn';
  const awkward = 'odd, "name".png';

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'inception-classify-'));
    data = path.join(root, 'photos');
    workspace = path.join(root, 'ws');
    await writeFashionMnistFolder(data, { perClass: 6, split: 't10k' });
    // A finished run written here (Small CNN, seeded weights made irregular), not trained through the CLI: what is
    // claimed is the folder classification; `inception train` then `predict` is cli.test.ts's.
    await writeTestRun(path.join(workspace, 'runs', runId), loadPreset('small-cnn'));
    // What a real folder has beside good images: a nested folder, a broken file, a stray file, an awkward name.
    const bag = path.join(data, 'Bag');
    const first = path.join(bag, (await readdir(bag))[0]);
    await mkdir(path.join(bag, 'more', 'deeper'), { recursive: true });
    await copyFile(first, path.join(bag, 'more', 'deeper', 'nested.png'));
    await copyFile(first, path.join(data, 'Dress', awkward));
    await writeFile(path.join(data, 'Coat', 'broken.png'), 'this is not a PNG');
    await writeFile(path.join(data, 'notes.txt'), 'labels were checked by hand');
  }, 240_000);
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('writes one CSV row per readable image, at any depth, that agrees with predicting each image alone', async () => {
    const csvFile = path.join(root, 'out.csv');
    const run = await inception(['predict', runId, data, '--csv', csvFile, ...TFJS, '--workspace', workspace]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/completed: 62 images classified, 2 skipped/);
    expect(run.stdout).toContain(`skipped ${path.join(data, 'Coat', 'broken.png')}: not an image`);
    expect(run.stdout).toContain(`skipped ${path.join(data, 'notes.txt')}: not an image file (.txt)`);

    const [header, ...rows] = parseCsv(await readFile(csvFile, 'utf8'));
    expect(header.join(',')).toBe(CSV_HEADER);
    expect(rows).toHaveLength(62);
    const byPath = new Map(rows.map((r) => [r[0], r]));
    expect(byPath.has(path.join(data, 'Coat', 'broken.png'))).toBe(false);
    const checked = [path.join(data, 'Bag', 'more', 'deeper', 'nested.png'), path.join(data, 'Dress', awkward), rows[0][0], rows[40][0]];
    const single = await inception(['predict', runId, ...checked, '--json', ...TFJS, '--workspace', workspace]);
    expect(single.code, single.stderr).toBe(0);
    for (const p of JSON.parse(single.stdout) as { path: string; top: Top[] }[]) {
      const row = byPath.get(p.path)!;
      expect(row, p.path).toBeDefined();
      for (const [rank, t] of p.top.entries()) {
        expect(row[1 + rank * 2]).toBe(t.label);
        expect(Math.abs(Number(row[2 + rank * 2]) - t.probability)).toBeLessThan(1e-5);
      }
    }
    // The results kept for paging are gone once the command is done.
    expect(await readdir(path.join(workspace, 'classifications'))).toEqual([]);
  }, 240_000);

  it('prints JSON lines: one per image, one per skipped file, then a summary', async () => {
    const run = await inception(['predict', runId, data, '--json', ...TFJS, '--workspace', workspace]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('█');
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; path?: string; top?: Top[]; reason?: string });
    const predictions = lines.filter((l) => l.type === 'prediction');
    expect(predictions).toHaveLength(62);
    expect(predictions.every((p) => p.top!.length === 5 && p.top![0].probability >= p.top![4].probability)).toBe(true);
    expect(lines.filter((l) => l.type === 'skipped').map((l) => l.path).sort()).toEqual([path.join(data, 'Coat', 'broken.png'), path.join(data, 'notes.txt')]);
    expect(lines.at(-1)).toMatchObject({ type: 'summary', status: 'completed', images: 62, skipped: 2, csv: null });
  }, 240_000);

  it('refuses --csv with image files, and a run without a model, saying what to do', async () => {
    const image = path.join(data, 'Bag', 'more', 'deeper', 'nested.png');
    const misuse = await inception(['predict', runId, image, '--csv', path.join(root, 'x.csv'), '--workspace', workspace]);
    expect(misuse.code).toBe(2);
    expect(misuse.stderr).toContain('--csv goes with a FOLDER');
    const missing = await inception(['predict', '20260101-000000-nothing', data, '--workspace', workspace]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no trained model/);
  }, 60_000);
});
