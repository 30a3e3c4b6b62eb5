import { type AugmentSpec, NO_AUGMENT } from './augment';
import { cacheKey, readCached, writeCached } from './cache';
import { BadImageError } from './errors';
import { finishSample } from './normalise';
import { deriveSeed, mulberry32, type Rng } from './random';
import { DEFAULT_MAX_FILE_BYTES, readImageBytes, statImageFile } from './readImage';
import { DEFAULT_MAX_PIXELS, decodePixels, type PixelSpec } from './sharpDecode';
import { assertPreprocessSpec, type PreprocessSpec } from './spec';

/** Safety limits and the optional decoded-pixel cache. */
export interface DecodeOptions {
  /** Refuse images with more pixels than this (default 100 MP): protects against decompression bombs. */
  maxPixels?: number;
  /** Refuse files larger than this many bytes (default 512 MiB). */
  maxFileBytes?: number;
  /**
   * Folder for decoded 8-bit pixels keyed by path, mtime, size and pixel spec. The cache holds
   * pixels before augmentation and normalisation, so it also serves augmented training.
   */
  cacheDir?: string;
}

/**
 * Reads and decodes one file to 8-bit HWC pixels at the spec's size and channel count.
 * @throws BadImageError (with `path` set) when the file cannot be used.
 */
export async function decodeBasePixels(file: string, spec: PixelSpec, options: DecodeOptions = {}): Promise<Uint8Array> {
  try {
    const stat = await statImageFile(file, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
    const length = spec.height * spec.width * spec.channels;
    const key = options.cacheDir ? cacheKey(file, stat, spec) : '';
    if (options.cacheDir) {
      const cached = await readCached(options.cacheDir, key, length);
      if (cached) return cached;
    }
    const pixels = await decodePixels(await readImageBytes(file), spec, options.maxPixels ?? DEFAULT_MAX_PIXELS);
    if (options.cacheDir) await writeCached(options.cacheDir, key, pixels);
    return pixels;
  } catch (error) {
    if (error instanceof BadImageError) throw new BadImageError(error.code, error.reason, file);
    throw error;
  }
}

/**
 * Decodes one image file into a network input: H×W×C float32 in HWC order, normalised with the
 * spec's mean and std, augmented when `augment` asks for it (random choices from `rng`; without
 * one, a generator seeded by the path, so results are reproducible).
 * @example
 * const x = await decodeImage('cats/1.jpg', { height: 96, width: 96, channels: 3, resize: 'crop', mean: [0, 0, 0], std: [1, 1, 1] });
 * @throws BadImageError with a short reason, e.g. "truncated JPEG".
 * @throws DataError when the spec itself is invalid.
 */
export async function decodeImage(
  file: string,
  spec: PreprocessSpec,
  augment: AugmentSpec = NO_AUGMENT,
  rng?: Rng,
  options: DecodeOptions = {},
): Promise<Float32Array> {
  assertPreprocessSpec(spec);
  const pixels = await decodeBasePixels(file, spec, options);
  return finishSample(pixels, spec, augment, rng ?? mulberry32(deriveSeed(file)));
}
