import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SkippedFile } from './report';
import type { Sample } from './scan';
import { measureMeanStd } from './stats';
import { greyPng, tempFolder } from './testing/images';

describe('measureMeanStd', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let samples: Sample[];
  beforeAll(async () => {
    ({ dir, cleanup } = await tempFolder());
    samples = [];
    // Half the images are black, half white in R; G is always 51; B is a left/right split.
    for (let i = 0; i < 10; i++) {
      const pixels = Buffer.alloc(8 * 8 * 3);
      for (let p = 0; p < 64; p++) pixels.set([i % 2 ? 255 : 0, 51, p % 8 < 4 ? 0 : 255], p * 3);
      const file = path.join(dir, `${i}.png`);
      await writeFile(file, await sharp(pixels, { raw: { width: 8, height: 8, channels: 3 } }).png().toBuffer());
      samples.push({ path: file, label: 0 });
    }
  });
  afterAll(() => cleanup());

  it('measures per-channel mean and std on the 0..1 scale', async () => {
    const stats = await measureMeanStd(samples, { height: 8, width: 8, channels: 3, resize: 'stretch' });
    expect(stats.images).toBe(10);
    expect(stats.mean[0]).toBeCloseTo(0.5, 6);
    expect(stats.std[0]).toBeCloseTo(0.5, 6);
    expect(stats.mean[1]).toBeCloseTo(0.2, 6);
    expect(stats.std[1]).toBe(1); // constant channel: 1, so dividing by it is harmless
    expect(stats.mean[2]).toBeCloseTo(0.5, 6);
    expect(stats.std[2]).toBeCloseTo(0.5, 6);
  });

  it('samples at most maxSamples images with a seed, skipping bad files', async () => {
    const bad = path.join(dir, 'bad.png');
    await writeFile(bad, 'text');
    const skipped: SkippedFile[] = [];
    const all = [...samples, { path: bad, label: 0 }];
    const stats = await measureMeanStd(all, { height: 4, width: 4, channels: 1, resize: 'crop' }, 100, { onSkip: (f) => skipped.push(f) });
    expect(stats.images).toBe(10);
    expect(skipped).toEqual([{ path: bad, code: 'not-image', reason: 'not an image: unsupported format (text)' }]);
    const few = await measureMeanStd(samples, { height: 4, width: 4, channels: 3, resize: 'crop' }, 3, { seed: 1 });
    expect(few.images).toBe(3);
    expect(await measureMeanStd(samples, { height: 4, width: 4, channels: 3, resize: 'crop' }, 3, { seed: 1 })).toEqual(few);
    const grey = await writeFile(path.join(dir, 'g.png'), await greyPng(4, 4, 102)).then(() => path.join(dir, 'g.png'));
    const one = await measureMeanStd([{ path: grey, label: 0 }], { height: 4, width: 4, channels: 1, resize: 'crop' });
    expect(one.mean[0]).toBeCloseTo(0.4, 6);
  });
});
