import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPreset } from '../graph/presets';
import { listFiles } from '../io/listFiles';
import { exportPytorchBundle } from './export';

const root = await mkdtemp(path.join(os.tmpdir(), 'inception-bundle-'));
afterAll(() => rm(root, { recursive: true, force: true }));

describe('the PyTorch bundle', () => {
  it('lists every file it writes, those in sub-folders included, and no weights', async () => {
    const out = path.join(root, 'bundle');
    const written = await exportPytorchBundle(loadPreset('small-cnn'), out);
    const onDisk = await listFiles(out);
    expect([...written.files].sort()).toEqual(onDisk);
    expect(onDisk).toContain('inception_torch/train.py');
    expect(onDisk.some((f) => /\.(pt|pth|safetensors|bin)$/.test(f))).toBe(false);
    expect(written.trained).toBe(false);
  });
});
