import { decodeBasePixels, type DecodeOptions } from './decode';
import { BadImageError } from './errors';
import { createLimiter } from './limiter';
import { deriveSeed, mulberry32, shuffleInPlace } from './random';
import type { SkippedFile } from './report';
import type { Sample } from './scan';
import type { PixelSpec } from './sharpDecode';

/** Per-channel statistics of a dataset's pixels, on the 0..1 scale. */
export interface ChannelStats {
  mean: number[];
  /** Population standard deviation; a channel that never varies gets 1 so dividing by it is safe. */
  std: number[];
  /** Images actually measured (bad files are left out). */
  images: number;
}

/** Options of `measureMeanStd`. */
export interface MeasureOptions {
  /** Seed of the choice of images (default 0). */
  seed?: number;
  /** Images decoded at once (default 4). */
  concurrency?: number;
  decode?: DecodeOptions;
  onSkip?: (file: SkippedFile) => void;
}

/**
 * Measures the per-channel mean and std of the pixels, after resizing to `spec`, over at most
 * `maxSamples` images chosen with a seed. Use the result as the spec's `mean` and `std`.
 * @example const { mean, std } = await measureMeanStd(split.train, { height: 96, width: 96, channels: 3, resize: 'crop' });
 */
export async function measureMeanStd(
  samples: readonly Sample[],
  spec: PixelSpec,
  maxSamples = 500,
  options: MeasureOptions = {},
): Promise<ChannelStats> {
  const chosen = shuffleInPlace([...samples], mulberry32(deriveSeed(options.seed ?? 0, 'stats'))).slice(0, Math.max(0, maxSamples));
  const c = spec.channels;
  const sum = new Float64Array(c);
  const sumSq = new Float64Array(c);
  let images = 0;
  const limit = createLimiter(options.concurrency ?? 4);
  await Promise.all(
    chosen.map((sample) =>
      limit(async () => {
        let pixels: Uint8Array;
        try {
          pixels = await decodeBasePixels(sample.path, spec, options.decode);
        } catch (error) {
          if (!(error instanceof BadImageError)) throw error;
          options.onSkip?.({ path: sample.path, code: error.code, reason: error.reason });
          return;
        }
        images++;
        for (let i = 0; i < pixels.length; i += c) {
          for (let ch = 0; ch < c; ch++) {
            const v = pixels[i + ch] / 255;
            sum[ch] += v;
            sumSq[ch] += v * v;
          }
        }
      }),
    ),
  );
  const n = images * spec.height * spec.width;
  const mean = Array.from(sum, (s) => (n ? s / n : 0));
  const std = Array.from(sumSq, (s, ch) => {
    const variance = n ? Math.max(0, s / n - mean[ch] ** 2) : 0;
    return variance > 1e-12 ? Math.sqrt(variance) : 1;
  });
  return { mean, std, images };
}
