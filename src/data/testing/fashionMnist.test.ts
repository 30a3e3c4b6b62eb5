import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../decode';
import { scanImageFolder } from '../scan';
import { fashionMnist } from '../../testing/installs';
import { needs } from '../../testing/requirements';
import { FASHION_MNIST_CLASSES, loadFashionMnist, writeFashionMnistFolder } from './fashionMnist';
import { tempFolder } from './images';

describe.runIf(needs(fashionMnist()))('Fashion-MNIST folder', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ dir, cleanup } = await tempFolder()));
  afterAll(() => cleanup());

  it('writes 20 real images per class that scan as 10 classes × 20', async () => {
    const root = path.join(dir, 'png');
    const written = await writeFashionMnistFolder(root, { perClass: 20, split: 't10k', format: 'png' });
    expect(written).toEqual({ classes: [...FASHION_MNIST_CLASSES], files: 200 });
    const scan = await scanImageFolder(root);
    expect(scan.classes.map((c) => c.name)).toEqual([...FASHION_MNIST_CLASSES].sort());
    expect(scan.classes.every((c) => c.count === 20)).toBe(true);
    expect(scan.samples).toHaveLength(200);
    expect(scan.skipped).toEqual([]);

    // The first t10k image is an ankle boot; its pixels survive the PNG round trip exactly.
    const data = await loadFashionMnist('t10k');
    expect(data).toMatchObject({ count: 10000, rows: 28, cols: 28 });
    expect(data.labels[0]).toBe(9);
    const first = path.join(root, 'Ankle_boot', 't10k-00000.png');
    const values = await decodeImage(first, { height: 28, width: 28, channels: 1, resize: 'stretch', mean: [0], std: [1] });
    expect(Array.from(values, (v) => Math.round(v * 255))).toEqual(Array.from(data.pixels.subarray(0, 784)));
  });

  it('writes JPEGs, optionally larger and in RGB', async () => {
    const root = path.join(dir, 'jpeg');
    await writeFashionMnistFolder(root, { perClass: 2, split: 'train', format: 'jpeg', size: 64, rgb: true });
    const scan = await scanImageFolder(root);
    expect(scan.samples).toHaveLength(20);
    const meta = await sharp(await readFile(scan.samples[0].path)).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 64, height: 64, channels: 3 });
  });
});
