import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from './errors';
import type { DatasetScan } from './scan';
import { splitDataset, splitWithValidationFolder } from './split';
import { scanImageFolder } from './scan';
import { greyPng, tempFolder } from './testing/images';

function fakeScan(counts: Record<string, number>): DatasetScan {
  const names = Object.keys(counts).sort();
  return {
    root: '/data',
    classes: names.map((name) => ({ name, count: counts[name] })),
    samples: names.flatMap((name, label) => Array.from({ length: counts[name] }, (_, i) => ({ path: `/data/${name}/${i}.png`, label }))),
    skipped: [],
    emptyClasses: [],
  };
}

describe('splitDataset', () => {
  const scan = fakeScan({ a: 100, b: 10, c: 3, d: 1, e: 2 });

  it('holds out the same share of every class, keeping at least one training image', () => {
    const split = splitDataset(scan, { validationFraction: 0.2, seed: 3 });
    expect(split.counts).toEqual([
      { name: 'a', train: 80, validation: 20 },
      { name: 'b', train: 8, validation: 2 },
      { name: 'c', train: 2, validation: 1 },
      { name: 'd', train: 1, validation: 0 },
      { name: 'e', train: 2, validation: 0 },
    ]);
    const all = [...split.train, ...split.validation].map((s) => s.path).sort();
    expect(all).toEqual(scan.samples.map((s) => s.path).sort());
    expect(new Set(all).size).toBe(all.length);
    const high = splitDataset(scan, { validationFraction: 0.99 });
    for (const c of high.counts) expect(c.train).toBeGreaterThanOrEqual(1);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const a = splitDataset(scan, { seed: 1 });
    expect(splitDataset(scan, { seed: 1 })).toEqual(a);
    expect(splitDataset(scan, { seed: 2 }).validation).not.toEqual(a.validation);
    for (const s of a.validation) expect(s.path).toContain(`/${a.classes[s.label]}/`);
  });

  it('refuses a fraction outside [0, 1)', () => {
    expect(() => splitDataset(scan, { validationFraction: 1 })).toThrow(DataError);
    expect(() => splitDataset(scan, { validationFraction: -0.1 })).toThrow(/at least 0 and below 1, but received -0.1/);
    expect(splitDataset(scan, { validationFraction: 0 }).validation).toEqual([]);
  });
});

describe('splitWithValidationFolder', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ dir, cleanup } = await tempFolder());
    const png = await greyPng(4, 4, 9);
    const files = ['train/cat/1.png', 'train/cat/2.png', 'train/dog/1.png', 'train/owl/1.png', 'val/dog/1.png', 'val/cat/1.png', 'val/yak/1.png'];
    for (const f of files) {
      await mkdir(path.dirname(path.join(dir, f)), { recursive: true });
      await writeFile(path.join(dir, f), png);
    }
  });
  afterAll(() => cleanup());

  it('matches classes by name and reports classes on one side only', async () => {
    const train = await scanImageFolder(path.join(dir, 'train'));
    const split = await splitWithValidationFolder(train, path.join(dir, 'val'));
    expect(split.classes).toEqual(['cat', 'dog', 'owl']);
    expect(split.train).toBe(train.samples);
    expect(split.validation.map((s) => [path.relative(dir, s.path), s.label])).toEqual([
      ['val/cat/1.png', 0],
      ['val/dog/1.png', 1],
    ]);
    expect(split.onlyInValidation).toEqual(['yak']);
    expect(split.missingFromValidation).toEqual(['owl']);
    expect(split.skipped).toEqual([{ path: path.join(dir, 'val/yak/1.png'), code: 'unknown-class', reason: expect.stringContaining('"yak" is not in the training folder') }]);
    expect(split.counts).toEqual([
      { name: 'cat', train: 2, validation: 1 },
      { name: 'dog', train: 1, validation: 1 },
      { name: 'owl', train: 1, validation: 0 },
    ]);
  });
});
