import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from './errors';
import { ensureRunSplit, readRunSplit, type RunSplit, runSplitPath, splitForRun, splitMatches, writeRunSplit } from './runSplit';
import { greyPng, tempFolder } from './testing/images';

let root: string;
let cleanup: () => Promise<void>;
let data: string;
let held: string;

/** `classes` sub-folders of `perClass` tiny PNGs under `dir`. */
async function writeFolder(dir: string, perClass: Record<string, number>): Promise<void> {
  const png = await greyPng(2, 2, 80);
  for (const [name, count] of Object.entries(perClass)) {
    await mkdir(path.join(dir, name), { recursive: true });
    for (let i = 0; i < count; i++) await writeFile(path.join(dir, name, `${i}.png`), png);
  }
}

beforeAll(async () => {
  ({ dir: root, cleanup } = await tempFolder('inception-runsplit-'));
  data = path.join(root, 'data');
  held = path.join(root, 'held');
  await writeFolder(data, { ant: 20, bee: 10, cat: 3, empty: 0 });
  await writeFile(path.join(data, 'bee', 'fake.png'), 'not a picture');
  await writeFolder(held, { ant: 2, bee: 1, dog: 2 });
});
afterAll(() => cleanup());

const paths = (samples: RunSplit['train']) => samples.map((s) => s.path);

describe('splitForRun', () => {
  it('holds out the same share of every class, seeded, with absolute paths and what the scan left out', async () => {
    const split = await splitForRun({ dir: data, validationFraction: 0.2, seed: 4 });
    expect(split.classes).toEqual(['ant', 'bee', 'cat']);
    expect(split.emptyClasses).toEqual(['empty']);
    const perClass = (side: RunSplit['train']) => split.classes.map((_, label) => side.filter((s) => s.label === label).length);
    expect(perClass(split.validation)).toEqual([4, 2, 1]);
    expect(perClass(split.train)).toEqual([16, 8, 2]);
    for (const s of [...split.train, ...split.validation]) {
      expect(path.isAbsolute(s.path)).toBe(true);
      expect(path.basename(path.dirname(s.path))).toBe(split.classes[s.label]);
    }
    expect(split.skipped).toEqual([expect.objectContaining({ path: path.join(data, 'bee', 'fake.png'), code: 'not-image' })]);
    expect(split.method).toMatchObject({ kind: 'fraction', dir: data, validationFraction: 0.2, seed: 4 });
  });

  it('is deterministic for a seed and differs between seeds', async () => {
    const a = await splitForRun({ dir: data, seed: 1 });
    expect(await splitForRun({ dir: data, seed: 1 })).toEqual(a);
    expect(paths((await splitForRun({ dir: data, seed: 2 })).validation)).not.toEqual(paths(a.validation));
  });

  it('uses a separate validation folder, its classes matched by name', async () => {
    const split = await splitForRun({ dir: data, valDir: held, validationFraction: 0.5, seed: 3 });
    expect(split.method).toEqual({ kind: 'folder', description: 'separate validation folder', dir: data, valDir: held });
    expect(split.train).toHaveLength(33);
    expect(split.validation.map((s) => [path.relative(held, s.path), s.label])).toEqual([['ant/0.png', 0], ['ant/1.png', 0], ['bee/0.png', 1]]);
    expect(split.skipped.filter((s) => s.code === 'unknown-class').map((s) => path.relative(held, s.path))).toEqual(['dog/0.png', 'dog/1.png']);
  });

  it('keeps a recorded class order', async () => {
    const split = await splitForRun({ dir: data, seed: 1, classOrder: ['cat', 'ant', 'bee'] });
    expect(split.classes).toEqual(['cat', 'ant', 'bee']);
    for (const s of split.train) expect(path.basename(path.dirname(s.path))).toBe(split.classes[s.label]);
  });
});

describe('split.json', () => {
  it('reads back what was written, and null where a run has none', async () => {
    const runDir = path.join(root, 'run-a');
    expect(await readRunSplit(runDir)).toBeNull();
    const split = await splitForRun({ dir: data, seed: 5 });
    await writeRunSplit(runDir, split);
    expect(await readRunSplit(runDir)).toEqual(split);
  });

  it('refuses a file that is no split, naming the field', async () => {
    const runDir = path.join(root, 'run-bad');
    const split = await splitForRun({ dir: data, seed: 5 });
    const write = (value: unknown) => writeFile(runSplitPath(runDir), JSON.stringify(value));
    await mkdir(runDir, { recursive: true });
    await write({ ...split, version: 2 });
    await expect(readRunSplit(runDir)).rejects.toThrow(DataError);
    await write({ ...split, train: [{ path: split.train[0].path, label: 3 }] });
    await expect(readRunSplit(runDir)).rejects.toThrow(/split\.json is not a run's split: train\.0\.label: label 3 but only 3 classes/);
    await write({ ...split, validation: [{ path: 'ant/0.png', label: 0 }] });
    await expect(readRunSplit(runDir)).rejects.toThrow(/validation\.0\.path: ant\/0\.png is not an absolute path/);
    await write({ ...split, skipped: [{ path: '/x.png', code: 'gone', reason: '' }] });
    await expect(readRunSplit(runDir)).rejects.toThrow(/skipped\.0\.code/);
    await writeFile(runSplitPath(runDir), '{"version": 1,');
    await expect(readRunSplit(runDir)).rejects.toThrow(/is not JSON/);
  });

  it('is fixed once: a run folder keeps its split while the options are the same, and is split again when they differ', async () => {
    const runDir = path.join(root, 'run-b');
    const first = await ensureRunSplit(runDir, { dir: data, seed: 6 });
    expect(await readRunSplit(runDir)).toEqual(first);
    // The recorded lists win over a new computation (a host may have written them): move one image across.
    const edited = { ...first, train: first.train.slice(1), validation: [...first.validation, first.train[0]] };
    await writeRunSplit(runDir, edited);
    expect(await ensureRunSplit(runDir, { dir: data, seed: 6, validationFraction: 0.2 })).toEqual(edited);
    expect(splitMatches(edited, { dir: data, seed: 7 })).toBe(false);
    const other = await ensureRunSplit(runDir, { dir: data, seed: 7 });
    expect(other.method).toMatchObject({ seed: 7 });
    expect(await readRunSplit(runDir)).toEqual(other);
    expect(splitMatches(other, { dir: data, seed: 7, valDir: held })).toBe(false);
  });

  it('stays compact for 60,000 images: one sample a line, a few MB', async () => {
    const runDir = path.join(root, 'run-big');
    const dir = '/datasets/fashion-mnist/train';
    const classes = ['Ankle_boot', 'Bag', 'Coat', 'Dress', 'Pullover', 'Sandal', 'Shirt', 'Sneaker', 'T-shirt_top', 'Trouser'];
    const samples = Array.from({ length: 60_000 }, (_, i) => ({ path: `${dir}/${classes[i % 10]}/${String(i).padStart(5, '0')}.png`, label: i % 10 }));
    const split: RunSplit = {
      version: 1, method: { kind: 'fraction', description: 'test', dir, validationFraction: 0.2, seed: 0 }, classes, emptyClasses: [],
      train: samples.slice(0, 48_000), validation: samples.slice(48_000), skipped: [],
    };
    await writeRunSplit(runDir, split);
    const bytes = (await stat(runSplitPath(runDir))).size;
    expect(bytes).toBeLessThan(4 * 2 ** 20);
    expect((await readFile(runSplitPath(runDir), 'utf8')).split('\n').length).toBeGreaterThan(60_000);
    expect(await readRunSplit(runDir)).toEqual(split);
  });
});
