import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { encodeBmp } from './bmpWriter';

/** Formats `solidImage` can write. */
export type TestFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'tiff' | 'bmp';

/** A colour; `alpha` in 0..1. */
export interface Colour {
  r: number;
  g: number;
  b: number;
  alpha?: number;
}

/** Encodes a solid-colour image (lossless settings where the format has them). */
export async function solidImage(format: TestFormat, width: number, height: number, colour: Colour, channels: 3 | 4 = 3): Promise<Buffer> {
  if (format === 'bmp') {
    const data = new Uint8Array(width * height * channels);
    for (let i = 0; i < width * height; i++) {
      data.set(channels === 4 ? [colour.r, colour.g, colour.b, Math.round((colour.alpha ?? 1) * 255)] : [colour.r, colour.g, colour.b], i * channels);
    }
    return Buffer.from(encodeBmp(width, height, channels, data, { bitsPerPixel: channels === 4 ? 32 : 24 }));
  }
  const image = sharp({ create: { width, height, channels, background: { ...colour, alpha: colour.alpha ?? 1 } } });
  switch (format) {
    case 'jpeg':
      return image.jpeg({ quality: 100, chromaSubsampling: '4:4:4' }).toBuffer();
    case 'png':
      return image.png().toBuffer();
    case 'webp':
      return image.webp({ lossless: true }).toBuffer();
    case 'gif':
      return image.gif().toBuffer();
    case 'tiff':
      return image.tiff().toBuffer();
  }
}

/** A greyscale PNG of one level (0..255). */
export function greyPng(width: number, height: number, level: number): Promise<Buffer> {
  return sharp(Buffer.alloc(width * height, level), { raw: { width, height, channels: 1 } }).png().toBuffer();
}

/** A fresh temp folder and a function that deletes it. */
export async function tempFolder(prefix = 'inception-data-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
