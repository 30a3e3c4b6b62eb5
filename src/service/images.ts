import { sharp } from '../data/lazySharp';
import { decodeImage, deriveSeed, identityNormalisation, mulberry32 } from '../data';
import { NO_AUGMENT, type AugmentSpec } from '../contract/augment';

export interface ImagePreview { path: string; dataUrl: string | null; error?: string }

/** Pixels in 0..1, H×W×C, as a PNG data URL. */
async function toDataUrl(pixels: Float32Array, height: number, width: number, channels: 1 | 3 | 4): Promise<string> {
  const bytes = Buffer.alloc(pixels.length);
  for (let i = 0; i < pixels.length; i++) bytes[i] = Math.max(0, Math.min(255, Math.round(pixels[i] * 255)));
  const png = await sharp()(bytes, { raw: { width, height, channels } }).png().toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}

/**
 * Small previews of images as the network would see them (resized like training does), optionally
 * augmented: `variant` picks the random draw, so a grid of variants shows what augmentation does.
 */
export async function previewImages(
  files: string[],
  options: { size: number; channels: 1 | 3 | 4; resize: 'crop' | 'stretch'; augment?: AugmentSpec; variant?: number },
): Promise<ImagePreview[]> {
  const spec = { height: options.size, width: options.size, channels: options.channels, resize: options.resize, ...identityNormalisation(options.channels) };
  return Promise.all(
    files.map(async (file, i) => {
      try {
        const rng = mulberry32(deriveSeed(file, options.variant ?? 0, i));
        const pixels = await decodeImage(file, spec, options.augment ?? NO_AUGMENT, rng);
        return { path: file, dataUrl: await toDataUrl(pixels, options.size, options.size, options.channels) };
      } catch (error) {
        return { path: file, dataUrl: null, error: (error as Error).message };
      }
    }),
  );
}
