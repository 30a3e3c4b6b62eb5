import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import sharp from 'sharp';
import { DataError } from '../errors';

/** Where Debian's `fashion-mnist` package installs the data. */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/** The ten classes, by label; usable as folder names. */
export const FASHION_MNIST_CLASSES = [
  'T-shirt_top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle_boot',
] as const;

export type FashionMnistSplit = 'train' | 't10k';

function files(split: FashionMnistSplit, dir: string) {
  return {
    images: path.join(dir, `${split}-images-idx3-ubyte.gz`),
    labels: path.join(dir, `${split}-labels-idx1-ubyte.gz`),
  };
}

/** True when the gzipped IDX files of `split` (both, by default) are present. */
export function fashionMnistAvailable(split?: FashionMnistSplit, dir = FASHION_MNIST_DIR): boolean {
  const splits: FashionMnistSplit[] = split ? [split] : ['train', 't10k'];
  return splits.every((s) => Object.values(files(s, dir)).every((f) => existsSync(f)));
}

/** One split in memory: `count` images of `rows`×`cols` 8-bit grey pixels, and their labels. */
export interface IdxImages {
  count: number;
  rows: number;
  cols: number;
  pixels: Uint8Array;
  labels: Uint8Array;
}

function parseIdx(data: Uint8Array, magic: number, file: string): { dims: number[]; body: Uint8Array } {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (data.length < 8 || view.getUint32(0) !== magic) {
    throw new DataError(`${file}: expected an IDX file with magic 0x${magic.toString(16).padStart(8, '0')}`);
  }
  const rank = magic & 0xff;
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + i * 4));
  const body = data.subarray(4 + rank * 4);
  if (body.length < dims.reduce((a, b) => a * b, 1)) throw new DataError(`${file}: truncated IDX data`);
  return { dims, body };
}

const loaded = new Map<string, Promise<IdxImages>>();

/** Reads and gunzips one split's IDX files (cached per process). */
export function loadFashionMnist(split: FashionMnistSplit, dir = FASHION_MNIST_DIR): Promise<IdxImages> {
  const key = `${dir}\0${split}`;
  let promise = loaded.get(key);
  if (!promise) {
    promise = (async () => {
      const f = files(split, dir);
      const images = parseIdx(gunzipSync(await readFile(f.images)), 0x00000803, f.images);
      const labels = parseIdx(gunzipSync(await readFile(f.labels)), 0x00000801, f.labels);
      const [count, rows, cols] = images.dims;
      if (labels.dims[0] !== count) throw new DataError(`${f.labels}: expected ${count} labels, found ${labels.dims[0]}`);
      return { count, rows, cols, pixels: images.body, labels: labels.body };
    })();
    promise.catch(() => loaded.delete(key));
    loaded.set(key, promise);
  }
  return promise;
}

/** Options of `writeFashionMnistFolder`. */
export interface FashionMnistFolderOptions {
  /** Images per class: the first ones of each class in the file. */
  perClass: number;
  split?: FashionMnistSplit;
  format?: 'png' | 'jpeg';
  /** Side of the written images (default 28, the original); larger sizes are upscaled. */
  size?: number;
  /** Write 3-channel images (the grey copied to R, G and B) instead of greyscale. */
  rgb?: boolean;
  /** Folder of the IDX files (default Debian's). */
  sourceDir?: string;
}

/**
 * Writes real Fashion-MNIST images as an image folder: `dest/<class>/<split>-<index>.<ext>`.
 * @example await writeFashionMnistFolder(tmp, { perClass: 20, split: 't10k', format: 'png' });
 * @returns the class names and the number of files written.
 */
export async function writeFashionMnistFolder(
  dest: string,
  options: FashionMnistFolderOptions,
): Promise<{ classes: string[]; files: number }> {
  const { perClass, split = 'train', format = 'png', size = 28, rgb = false } = options;
  const data = await loadFashionMnist(split, options.sourceDir);
  const taken = new Array<number>(FASHION_MNIST_CLASSES.length).fill(0);
  await Promise.all(FASHION_MNIST_CLASSES.map((name) => mkdir(path.join(dest, name), { recursive: true })));
  const area = data.rows * data.cols;
  const jobs: Promise<unknown>[] = [];
  for (let i = 0; i < data.count && taken.some((n) => n < perClass); i++) {
    const label = data.labels[i];
    if (taken[label] >= perClass) continue;
    taken[label]++;
    let image = sharp(data.pixels.subarray(i * area, (i + 1) * area), { raw: { width: data.cols, height: data.rows, channels: 1 } });
    if (size !== data.rows || size !== data.cols) image = image.resize(size, size);
    if (rgb) image = image.toColourspace('srgb');
    image = format === 'png' ? image.png() : image.jpeg({ quality: 90 });
    const ext = format === 'png' ? 'png' : 'jpg';
    jobs.push(image.toFile(path.join(dest, FASHION_MNIST_CLASSES[label], `${split}-${String(i).padStart(5, '0')}.${ext}`)));
    if (jobs.length >= 64) await Promise.all(jobs.splice(0));
  }
  await Promise.all(jobs);
  return { classes: [...FASHION_MNIST_CLASSES], files: taken.reduce((a, b) => a + b, 0) };
}
