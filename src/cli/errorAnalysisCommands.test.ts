import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Suspects, TopLosses } from '../contract/errorAnalysis';
import { writeFashionMnistFolder } from '../data/testing/fashionMnist';
import { swapLabels } from '../data/testing/swapLabels';
import { EXPORT_TEST_DESIGN } from '../export/testing/designs';
import { fashionMnist } from '../testing/installs';
import { needs } from '../testing/requirements';
import { trainNewRun } from '../service/testing/preparedRuns';

const BIN = fileURLToPath(new URL('../../bin/inception.mjs', import.meta.url));
const RUN = '20260102-090000-swapped';
// Small enough for CI (the 1,000-image, 4-fold measurement is scripts/bench-suspects.mjs): 300 images, 30 swapped.
const PER_CLASS = 30;
const SWAPPED_SHARE = 0.1;
/** Epochs of each fold model (`suspects --epochs`): what the 80 % claim was measured with. */
const EPOCHS = 4;
const FOLDS = 3;

function inception(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { maxBuffer: 64 << 20, timeout: 1_200_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }));
  });
}

let root = '';
let data = '';
let swapped: string[] = [];
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'inception-suspects-'));
  data = path.join(root, 'images');
  if (needs(fashionMnist('train'))) {
    await writeFashionMnistFolder(data, { perClass: PER_CLASS, split: 'train', format: 'png' });
    swapped = await swapLabels(data, SWAPPED_SHARE, 11);
    const result = await trainNewRun({
      runDir: path.join(root, 'runs', RUN),
      graph: EXPORT_TEST_DESIGN(),
      // One epoch: `losses` ranks whatever the model says, and the fold models train from scratch for EPOCHS.
      config: { data: { dir: data, workers: 1 }, epochs: 1, batchSize: 32, lr: 0.003, backend: 'wasm', augment: { cropPadding: 0, flip: false, rotation: 0, scale: 0, colorJitter: 0 } },
    });
    if (result.status !== 'completed') throw new Error(`the run ended ${result.status}`);
  }
}, 600_000);
afterAll(() => rm(root, { recursive: true, force: true }));

describe.runIf(needs(fashionMnist('train')))('on Fashion-MNIST with 10 % of the labels swapped (300 files, 30 swapped)', () => {
  it('inception losses lists the validation images by loss and the confused pairs', async () => {
    const { code, stdout, stderr } = await inception(['losses', RUN, '--limit', '10', '--json', '--workspace', root]);
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout) as TopLosses;
    expect(result.count).toBeGreaterThanOrEqual(30);
    expect(result.losses).toHaveLength(10);
    expect(result.losses[0].loss).toBeGreaterThanOrEqual(result.losses[9].loss);
    const wrong = Math.round(result.count * (1 - result.accuracy));
    expect(result.pairs.reduce((n, p) => n + p.count, 0)).toBe(wrong);
  }, 300_000);

  it('inception suspects finds at least 80 % of the swapped files among its top 2×k', async () => {
    const { code, stdout, stderr } = await inception(['suspects', RUN, '--folds', String(FOLDS), '--epochs', String(EPOCHS), '--json', '--workspace', root]);
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout) as Suspects;
    expect(result.count).toBe(10 * PER_CLASS);
    const top = new Set(result.suspects.slice(0, 2 * swapped.length).map((s) => s.path));
    const found = swapped.filter((f) => top.has(f)).length;
    const proposedRight = result.suspects.filter((s) => swapped.includes(s.path)).length;
    console.log(`suspects: ${found}/${swapped.length} swapped files in the top ${2 * swapped.length}; ${result.suspects.length} flagged, ` +
      `${proposedRight} of them swapped; out-of-sample accuracy ${result.accuracy.toFixed(3)}; ${result.folds} folds × ${result.epochs} epochs in ${result.seconds.toFixed(0)} s`);
    expect(found / swapped.length).toBeGreaterThanOrEqual(0.8);
  }, 1_200_000);
});
