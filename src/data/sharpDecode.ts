import type { Sharp } from 'sharp';
import { sharp } from './lazySharp';
import { decodeBmp } from './bmp';
import { BadImageError } from './errors';
import { describeNonImage, formatLabel, type ImageFormat, looksTruncated, sniffImageFormat } from './formats';
import type { PreprocessSpec } from './spec';

/** Default cap on width × height of an input image (100 megapixels). */
export const DEFAULT_MAX_PIXELS = 100_000_000;

/** The part of a PreprocessSpec that decides the decoded pixels (not their normalisation). */
export type PixelSpec = Pick<PreprocessSpec, 'height' | 'width' | 'channels' | 'resize'>;

let bmpInLibvips: boolean | undefined;

/** Whether this sharp build can load BMP itself (only through ImageMagick; the prebuilt one cannot). */
export function sharpReadsBmp(): boolean {
  bmpInLibvips ??= Boolean((sharp().format as unknown as Record<string, { input?: { buffer?: boolean } }>).magick?.input?.buffer);
  return bmpInLibvips;
}

function firstLine(message: string): string {
  const line = message.split('\n').find((l) => l.trim()) ?? message;
  return line.replace(/^(Input (buffer|file) has corrupt header:\s*)/i, '').replace(/^vips\w*:\s*/i, '').slice(0, 100);
}

async function explainFailure(error: unknown, format: ImageFormat, bytes: Uint8Array, maxPixels: number): Promise<BadImageError> {
  const message = error instanceof Error ? error.message : String(error);
  if (/exceeds pixel limit/i.test(message)) {
    const meta = await sharp()(bytes, { limitInputPixels: false }).metadata().catch(() => undefined);
    const size = meta?.width && meta.height ? `${meta.width}×${meta.height} pixels` : 'pixel count';
    return new BadImageError('too-large', `image too large: ${size} exceeds the ${maxPixels / 1e6} MP limit`);
  }
  if (/unsupported image format/i.test(message)) return new BadImageError('not-image', 'not an image: unsupported format');
  if (looksTruncated(format, bytes) || /premature end|truncated|unexpected end|end of (file|data|stream)/i.test(message)) {
    return new BadImageError('truncated', `truncated ${formatLabel(format)}`);
  }
  return new BadImageError('corrupt', `corrupt ${formatLabel(format)}: ${firstLine(message)}`);
}

/**
 * Decodes image bytes to 8-bit HWC pixels of exactly `spec`'s height, width and channels:
 * EXIF orientation applied, first frame of animations, CMYK and 16-bit converted to 8-bit sRGB or
 * grey, alpha dropped for 1 or 3 channels and added (opaque) for 4.
 * @throws BadImageError with a short reason for non-images, truncated, corrupt or oversized input.
 */
export async function decodePixels(bytes: Uint8Array, spec: PixelSpec, maxPixels = DEFAULT_MAX_PIXELS): Promise<Uint8Array> {
  const format = sniffImageFormat(bytes);
  if (!format) {
    const what = describeNonImage(bytes);
    throw new BadImageError('not-image', `not an image: unsupported format${what === 'text' ? ' (text)' : ''}`);
  }
  try {
    let image: Sharp;
    if (format === 'bmp' && !sharpReadsBmp()) {
      const raw = decodeBmp(bytes, maxPixels);
      image = sharp()(raw.data, { raw: { width: raw.width, height: raw.height, channels: raw.channels } });
    } else {
      image = sharp()(bytes, { failOn: 'error', limitInputPixels: maxPixels, autoOrient: true, pages: 1, page: 0 });
    }
    image = image.resize(spec.width, spec.height, { fit: spec.resize === 'crop' ? 'cover' : 'fill', position: 'centre' });
    if (spec.channels === 1) image = image.removeAlpha().toColourspace('b-w');
    else if (spec.channels === 3) image = image.removeAlpha().toColourspace('srgb');
    else image = image.ensureAlpha().toColourspace('srgb');
    const { data, info } = await image.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    if (info.width !== spec.width || info.height !== spec.height || info.channels !== spec.channels) {
      throw new BadImageError(
        'decoder-failed',
        `decoder returned ${info.width}×${info.height}×${info.channels}, expected ${spec.width}×${spec.height}×${spec.channels}`,
      );
    }
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  } catch (error) {
    if (error instanceof BadImageError) throw error;
    throw await explainFailure(error, format, bytes, maxPixels);
  }
}
