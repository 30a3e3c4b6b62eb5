import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Suspects, TopLosses } from '../contract/errorAnalysis';
import { mulberry32, shuffleInPlace } from '../data';
import { writeFashionMnistFolder } from '../data/testing/fashionMnist';
import { EXPORT_TEST_DESIGN } from '../export/testing/designs';
import { fashionMnist } from '../testing/installs';
import { needs } from '../testing/requirements';
import { runTraining } from '../train/run';

const BIN = fileURLToPath(new URL('../../bin/inception.mjs', import.meta.url));
const RUN = '20260102-090000-swapped';

function inception(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { maxBuffer: 64 << 20, timeout: 1_200_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }));
  });
}

/** Moves `share` of the files (seeded) into another class's folder: their labels are now wrong. Returns the new paths. */
async function swapLabels(dir: string, share: number, seed: number): Promise<string[]> {
  const classes = (await readdir(dir)).sort();
  const files = (await Promise.all(classes.map(async (c) => (await readdir(path.join(dir, c))).map((f) => ({ c, f }))))).flat();
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

let root = '';
let data = '';
let swapped: string[] = [];
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'inception-suspects-'));
  data = path.join(root, 'images');
  if (needs(fashionMnist('train'))) {
    await writeFashionMnistFolder(data, { perClass: 100, split: 'train', format: 'png' });
    swapped = await swapLabels(data, 0.05, 11);
    const result = await runTraining({
      runDir: path.join(root, 'runs', RUN),
      graph: EXPORT_TEST_DESIGN(),
      config: { data: { dir: data, workers: 1 }, epochs: 6, batchSize: 32, lr: 0.003, backend: 'wasm', augment: { cropPadding: 0, flip: false, rotation: 0, scale: 0, colorJitter: 0 } },
    });
    if (result.status !== 'completed') throw new Error(`the run ended ${result.status}`);
  }
}, 600_000);
afterAll(() => rm(root, { recursive: true, force: true }));

describe.runIf(needs(fashionMnist('train')))('on Fashion-MNIST with 5 % of the labels swapped (1,000 files, 50 swapped)', () => {
  it('inception losses lists the validation images by loss and the confused pairs', async () => {
    const { code, stdout, stderr } = await inception(['losses', RUN, '--limit', '10', '--json', '--workspace', root]);
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout) as TopLosses;
    expect(result.count).toBeGreaterThan(100);
    expect(result.losses).toHaveLength(10);
    expect(result.losses[0].loss).toBeGreaterThanOrEqual(result.losses[9].loss);
    const wrong = Math.round(result.count * (1 - result.accuracy));
    expect(result.pairs.reduce((n, p) => n + p.count, 0)).toBe(wrong);
  }, 300_000);

  it('inception suspects finds at least 80 % of the swapped files among its top 2×k', async () => {
    const { code, stdout, stderr } = await inception(['suspects', RUN, '--folds', '4', '--json', '--workspace', root]);
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout) as Suspects;
    expect(result.count).toBe(1000);
    const top = new Set(result.suspects.slice(0, 2 * swapped.length).map((s) => s.path));
    const found = swapped.filter((f) => top.has(f)).length;
    const proposedRight = result.suspects.filter((s) => swapped.includes(s.path)).length;
    console.log(`suspects: ${found}/${swapped.length} swapped files in the top ${2 * swapped.length}; ${result.suspects.length} flagged, ` +
      `${proposedRight} of them swapped; out-of-sample accuracy ${result.accuracy.toFixed(3)}; ${result.folds} folds × ${result.epochs} epochs in ${result.seconds.toFixed(0)} s`);
    expect(found / swapped.length).toBeGreaterThanOrEqual(0.8);
  }, 1_200_000);
});
