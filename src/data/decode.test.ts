import { readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from './decode';
import { BadImageError, DataError } from './errors';
import { mulberry32 } from './random';
import { sharpReadsBmp } from './sharpDecode';
import type { PreprocessSpec } from './spec';
import { greyPng, solidImage, tempFolder, type TestFormat } from './testing/images';

const spec = (channels: 1 | 3 | 4, extra: Partial<PreprocessSpec> = {}): PreprocessSpec => ({
  height: 6,
  width: 8,
  channels,
  resize: 'stretch',
  mean: new Array(channels).fill(0),
  std: new Array(channels).fill(1),
  ...extra,
});

/** Every pixel's channel values, rescaled to 0..255, must be within `tolerance` of `expected`. */
function expectSolid(values: Float32Array, expected: number[], tolerance: number): void {
  const c = expected.length;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] * 255;
    if (Math.abs(v - expected[i % c]) > tolerance + 1e-3) {
      throw new Error(`value ${i} (channel ${i % c}) is ${v.toFixed(1)}, expected ${expected[i % c]} ± ${tolerance}`);
    }
  }
}

function noise(width: number, height: number, seed: number): Promise<Buffer> {
  const rng = mulberry32(seed);
  const data = Buffer.alloc(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(rng() * 256);
  return sharp(data, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
}

/** A PNG whose header claims `width`×`height` pixels, with the header checksum fixed up. */
async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(await greyPng(8, 8, 0));
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

describe('decodeImage', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let n = 0;
  beforeAll(async () => ({ dir, cleanup } = await tempFolder()));
  afterAll(() => cleanup());

  async function file(data: Buffer | string, ext = 'png'): Promise<string> {
    const target = path.join(dir, `f${n++}.${ext}`);
    await writeFile(target, data);
    return target;
  }

  async function reasonOf(promise: Promise<unknown>): Promise<string> {
    try {
      await promise;
    } catch (error) {
      expect(error).toBeInstanceOf(BadImageError);
      return (error as BadImageError).reason;
    }
    return 'decoded';
  }

  const colour = { r: 200, g: 100, b: 50 };
  const tolerance: Record<TestFormat, number> = { jpeg: 3, png: 0, webp: 0, gif: 6, tiff: 0, bmp: 0 };
  it.each(Object.keys(tolerance) as TestFormat[])('decodes a solid %s to the expected normalised values', async (format) => {
    const target = await file(await solidImage(format, 20, 15, colour), format);
    const mean = [0.5, 0.25, 0.1];
    const std = [0.5, 0.25, 0.2];
    const values = await decodeImage(target, spec(3, { mean, std }));
    expect(values).toBeInstanceOf(Float32Array);
    expect(values.length).toBe(6 * 8 * 3);
    const expected = [colour.r, colour.g, colour.b].map((v, c) => (v / 255 - mean[c]) / std[c]);
    for (let i = 0; i < values.length; i++) expect(Math.abs(values[i] - expected[i % 3])).toBeLessThan((tolerance[format] + 0.5) / 255 / std[i % 3]);
  });

  it('notes whether BMP goes through our own decoder', () => {
    expect(typeof sharpReadsBmp()).toBe('boolean');
  });

  it('converts channels: grey → 3, colour → 1, RGBA → 3, RGB → 4, RGBA → 4', async () => {
    const grey = await file(await greyPng(10, 10, 77));
    expectSolid(await decodeImage(grey, spec(3)), [77, 77, 77], 0);
    expectSolid(await decodeImage(grey, spec(4)), [77, 77, 77, 255], 0);
    const mid = await file(await solidImage('png', 10, 10, { r: 128, g: 128, b: 128 }));
    expectSolid(await decodeImage(mid, spec(1)), [128], 1);
    const orange = await decodeImage(await file(await solidImage('png', 10, 10, colour)), spec(1));
    expect(orange[0] * 255).toBeGreaterThan(90);
    expect(orange[0] * 255).toBeLessThan(150);
    const rgba = await file(await solidImage('png', 10, 10, { r: 10, g: 200, b: 30, alpha: 0.5 }, 4));
    expectSolid(await decodeImage(rgba, spec(3)), [10, 200, 30], 1);
    expectSolid(await decodeImage(rgba, spec(4)), [10, 200, 30, 128], 1);
    expectSolid(await decodeImage(await file(await solidImage('jpeg', 10, 10, colour), 'jpg'), spec(4)), [200, 100, 50, 255], 3);
    const bmp32 = await file(await solidImage('bmp', 10, 10, { r: 10, g: 200, b: 30, alpha: 0.5 }, 4), 'bmp');
    expectSolid(await decodeImage(bmp32, spec(4)), [10, 200, 30, 128], 1);
  });

  it('reads 16-bit PNG and CMYK JPEG', async () => {
    const deep = await sharp(new Uint16Array(12 * 12 * 3).fill(40000), { raw: { width: 12, height: 12, channels: 3 } })
      .toColourspace('rgb16')
      .png()
      .toBuffer();
    expect((await sharp(deep).metadata()).depth).toBe('ushort');
    expectSolid(await decodeImage(await file(deep), spec(3)), [156, 156, 156], 1);
    const cmyk = await sharp({ create: { width: 12, height: 12, channels: 3, background: colour } }).toColourspace('cmyk').jpeg().toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    const values = await decodeImage(await file(cmyk, 'jpg'), spec(3));
    expect(values.length).toBe(6 * 8 * 3);
    expectSolid(values, [200, 100, 50], 40); // CMYK → sRGB goes through ICC profiles, so only roughly
  });

  it('applies EXIF orientation and reads the first frame of an animated GIF', async () => {
    const pixels = Buffer.alloc(40 * 20 * 3);
    for (let i = 0; i < 40 * 20; i++) pixels[i * 3 + ((i % 40) < 20 ? 0 : 2)] = 255; // left red, right blue
    const rotated = await sharp(pixels, { raw: { width: 40, height: 20, channels: 3 } }).withMetadata({ orientation: 6 }).jpeg({ quality: 100 }).toBuffer();
    const upright = await decodeImage(await file(rotated, 'jpg'), spec(3, { width: 4, height: 8 }));
    expectSolid(upright.subarray(0, 4 * 3), [254, 0, 0], 4); // top row red: the image was turned 90° clockwise
    expectSolid(upright.subarray(upright.length - 4 * 3), [0, 0, 254], 4);

    const red = await solidImage('png', 8, 8, { r: 255, g: 0, b: 0 });
    const blue = await solidImage('png', 8, 8, { r: 0, g: 0, b: 255 });
    const gif = await sharp([red, blue], { join: { animated: true } }).gif().toBuffer();
    expect((await sharp(gif).metadata()).pages).toBe(2);
    expectSolid(await decodeImage(await file(gif, 'gif'), spec(3)), [255, 0, 0], 0);
  });

  it('crops to cover or stretches', async () => {
    const pixels = Buffer.alloc(60 * 20 * 3);
    for (let i = 0; i < 60 * 20; i++) pixels[i * 3 + Math.floor((i % 60) / 20)] = 255; // red | green | blue thirds
    const target = await file(await sharp(pixels, { raw: { width: 60, height: 20, channels: 3 } }).png().toBuffer());
    const crop = await decodeImage(target, spec(3, { width: 10, height: 10, resize: 'crop' }));
    expectSolid(crop.subarray(3, 6), [0, 255, 0], 3); // near the crop's left edge: still the green middle third
    const stretch = await decodeImage(target, spec(3, { width: 30, height: 10, resize: 'stretch' }));
    expectSolid(stretch.subarray(0, 3), [255, 0, 0], 2);
    expectSolid(stretch.subarray(stretch.length - 3), [0, 0, 255], 2);
  });

  it('refuses bad files with a short reason', async () => {
    const jpeg = await noise(64, 48, 1);
    const png = await solidImage('png', 64, 48, colour);
    expect(await reasonOf(decodeImage(await file(jpeg.subarray(0, jpeg.length * 0.6), 'jpg'), spec(3)))).toBe('truncated JPEG');
    expect(await reasonOf(decodeImage(await file(png.subarray(0, png.length - 30)), spec(3)))).toBe('truncated PNG');
    expect(await reasonOf(decodeImage(await file('just some text', 'jpg'), spec(3)))).toBe('not an image: unsupported format (text)');
    expect(await reasonOf(decodeImage(await file(Buffer.from([0, 1, 2, 3, 250, 251, 252])), spec(3)))).toBe('not an image: unsupported format');
    expect(await reasonOf(decodeImage(await file(''), spec(3)))).toBe('empty file (0 bytes)');
    expect(await reasonOf(decodeImage(path.join(dir, 'gone.png'), spec(3)))).toBe('file not found (deleted or moved?)');
    expect(await reasonOf(decodeImage(dir, spec(3)))).toBe('is a folder, not a file');
    const bomb = await file(await pngClaiming(20000, 20000));
    expect(await reasonOf(decodeImage(bomb, spec(3)))).toBe('image too large: 20000×20000 pixels exceeds the 100 MP limit');
    const small = await file(png);
    expect(await reasonOf(decodeImage(small, spec(3), undefined, undefined, { maxPixels: 1000 }))).toMatch(/^image too large: 64×48 pixels/);
    expect(await reasonOf(decodeImage(small, spec(3), undefined, undefined, { maxFileBytes: 10 }))).toMatch(/^file too large/);
    const error = await decodeImage(await file('text', 'jpg'), spec(3)).catch((e: BadImageError) => e);
    expect(error).toMatchObject({ code: 'not-image', path: expect.stringMatching(/\.jpg$/) });
  });

  it('explains an invalid spec', async () => {
    const target = await file(await greyPng(4, 4, 1));
    await expect(decodeImage(target, { ...spec(3), mean: [0] })).rejects.toThrow(DataError);
    await expect(decodeImage(target, { ...spec(3), mean: [0] })).rejects.toThrow(/field "mean": expected 3 value\(s\), one per channel, but received 1/);
    await expect(decodeImage(target, { ...spec(3), width: 0 })).rejects.toThrow(/field "width"/);
  });

  it('caches decoded pixels by path, mtime, size and pixel spec', async () => {
    const cacheDir = path.join(dir, 'cache');
    const target = await file(await greyPng(10, 10, 200));
    const first = await decodeImage(target, spec(1), undefined, undefined, { cacheDir });
    expectSolid(first, [200], 0);
    const [sub] = await readdir(cacheDir);
    const [cached] = await readdir(path.join(cacheDir, sub));
    const cacheFile = path.join(cacheDir, sub, cached);
    expect((await readFile(cacheFile)).length).toBe(6 * 8);
    await writeFile(cacheFile, Buffer.alloc(6 * 8, 7)); // tamper: a cache hit now shows 7
    expectSolid(await decodeImage(target, spec(1), undefined, undefined, { cacheDir }), [7], 0);
    expectSolid(await decodeImage(target, { ...spec(1), mean: [0.5], std: [0.5] }, undefined, undefined, { cacheDir }), [((7 / 255 - 0.5) / 0.5) * 255], 0.01);
    expectSolid(await decodeImage(target, spec(1, { width: 4 }), undefined, undefined, { cacheDir }), [200], 0); // other size: miss
    await utimes(target, new Date(), new Date(Date.now() + 5000));
    expectSolid(await decodeImage(target, spec(1), undefined, undefined, { cacheDir }), [200], 0); // file changed: miss
  });
});
