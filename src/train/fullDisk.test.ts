import * as tf from '@tensorflow/tfjs';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../compile/compile';
import { loadLayersModel, saveLayersModel } from '../export/tfjsFiles';
import { loadPreset } from '../graph/presets';
import { loadCheckpoint, saveCheckpoint } from './checkpoint';
import { createOptimizer } from './optimizer';

/** A tiny tmpfs, where the machine allows mounting one (root on Linux), to fill up on purpose. */
function mountSmallDisk(): string | null {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return null;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'inception-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
}

const disk = mountSmallDisk();
beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => {
  if (!disk) return;
  execFileSync('umount', [disk]);
  rmSync(disk, { recursive: true, force: true });
});

/** Fills the disk but for `leave` bytes. */
function fill(leave: number): void {
  const free = Number(execFileSync('df', ['--output=avail', '-B1', disk!]).toString().trim().split('\n')[1]);
  writeFileSync(path.join(disk!, `filler-${Date.now()}`), Buffer.alloc(Math.max(0, free - leave)));
}

describe.runIf(disk !== null)('a full disk', () => {
  it('fails a checkpoint with a clear error and leaves the previous one whole', async () => {
    const model = compileGraph(loadPreset('small-cnn'));
    const opt = createOptimizer({ type: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: 0 }, 0.01);
    const target = path.join(disk!, 'run', 'last');
    await saveCheckpoint(target, model, opt.optimizer, { step: 1 });
    fill(20_000);
    await expect(saveCheckpoint(target, model, opt.optimizer, { step: 2 })).rejects.toThrow(
      `could not write the checkpoint to ${target}: the disk is full: free some space, then try again (nothing already saved was changed)`,
    );
    expect(await loadCheckpoint(target, compileGraph(loadPreset('small-cnn')), null)).toEqual({ step: 1 });
    expect(readdirSync(path.dirname(target)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('fails an export with a clear error and no half-written model', async () => {
    const dir = path.join(disk!, 'export');
    mkdirSync(dir);
    await expect(saveLayersModel(compileGraph(loadPreset('googlenet-96')), dir)).rejects.toThrow(/could not write the TF.js model to .*: the disk is full/);
    expect(readdirSync(dir)).toEqual([]);
    await expect(loadLayersModel(dir)).rejects.toThrow();
  });
});
