import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPreset } from '../graph/presets';
import { trainNewRun } from '../service/testing/preparedRuns';
import { mulberry32 } from './random';
import { SHAPE_CLASSES, shapePicture, writeShapesFolder } from './sampleShapes';
import { scanImageFolder } from './scan';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'inception-shapes-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the sample folder of generated shapes', () => {
  it('draws the same pictures for the same seed, and others for another', () => {
    const draw = (seed: number) => { const rng = mulberry32(seed); return SHAPE_CLASSES.map((s) => shapePicture(s, 64, rng)); };
    expect(draw(3)).toEqual(draw(3));
    expect(draw(4)).not.toEqual(draw(3));
  });

  it('writes one folder per shape that scans as four classes of 64×64 pictures', async () => {
    const folder = path.join(dir, 'small');
    expect(await writeShapesFolder(folder, { perClass: 5 })).toEqual({ classes: [...SHAPE_CLASSES], files: 20 });
    const scan = await scanImageFolder(folder);
    expect(scan.classes).toEqual(SHAPE_CLASSES.map((name) => ({ name, count: 5 })));
    const first = path.join(folder, 'triangle', (await readdir(path.join(folder, 'triangle')))[0]);
    expect(await sharp(first).metadata()).toMatchObject({ width: 64, height: 64, format: 'png' });
  });

  it('teaches the Small CNN the shapes: twice chance (0.25) or better after eight short epochs', async () => {
    const folder = path.join(dir, 'train');
    await writeShapesFolder(folder, { perClass: 120, seed: 1 });
    const result = await trainNewRun({
      runDir: path.join(dir, 'run'),
      graph: loadPreset('small-cnn'),
      fixClasses: true,
      config: { data: { dir: folder }, epochs: 8, batchSize: 32, lr: 0.005, seed: 1, backend: 'wasm' },
    });
    expect(result.metrics!.count).toBe(96);
    expect(result.metrics!.accuracy).toBeGreaterThanOrEqual(0.5);
  }, 240_000);
});
