import { sharp } from '../data/lazySharp';
import { decodeImage, identityNormalisation, type PreprocessSpec } from '../data';
import { NO_AUGMENT } from '../contract/augment';

/** A value in 0..1 as a colour from blue through green and yellow to red (a "jet"-like ramp). */
export function heatColour(v: number): [number, number, number] {
  const t = Math.max(0, Math.min(1, v)) * 4;
  const r = Math.max(0, Math.min(1, Math.min(t - 1.5, 4.5 - t)));
  const g = Math.max(0, Math.min(1, Math.min(t - 0.5, 3.5 - t)));
  const b = Math.max(0, Math.min(1, Math.min(t + 0.5, 2.5 - t)));
  return [r * 255, g * 255, b * 255];
}

/** `map` (h×w) resized to `height`×`width` by bilinear interpolation with aligned pixel centres. */
export function upsample(map: ArrayLike<number>, h: number, w: number, height: number, width: number): Float32Array {
  const out = new Float32Array(height * width);
  for (let y = 0; y < height; y++) {
    const sy = Math.max(0, Math.min(h - 1, ((y + 0.5) * h) / height - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(h - 1, y0 + 1);
    const fy = sy - y0;
    for (let x = 0; x < width; x++) {
      const sx = Math.max(0, Math.min(w - 1, ((x + 0.5) * w) / width - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(w - 1, x0 + 1);
      const fx = sx - x0;
      const top = map[y0 * w + x0] * (1 - fx) + map[y0 * w + x1] * fx;
      const bottom = map[y1 * w + x0] * (1 - fx) + map[y1 * w + x1] * fx;
      out[y * width + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return out;
}

/**
 * The image as the network sees it (the spec's resize and crop), at least `minSide` pixels on its short side,
 * with the map (normalised by its maximum) drawn over it half-transparent; a PNG.
 */
export async function camOverlayPng(file: string, spec: PreprocessSpec, cam: { map: ArrayLike<number>; height: number; width: number }, minSide = 256): Promise<Buffer> {
  const scale = Math.max(1, Math.ceil(minSide / Math.min(spec.height, spec.width)));
  const [height, width] = [spec.height * scale, spec.width * scale];
  const view = { height, width, channels: 3 as const, resize: spec.resize, ...identityNormalisation(3) };
  const pixels = await decodeImage(file, view, NO_AUGMENT);
  let max = 0;
  for (let i = 0; i < cam.map.length; i++) max = Math.max(max, cam.map[i]);
  const heat = upsample(cam.map, cam.height, cam.width, height, width);
  const rgb = Buffer.alloc(height * width * 3);
  for (let i = 0; i < height * width; i++) {
    const v = max > 0 ? heat[i] / max : 0;
    const colour = heatColour(v);
    const alpha = 0.25 + 0.35 * v;
    for (let k = 0; k < 3; k++) rgb[i * 3 + k] = Math.round((1 - alpha) * pixels[i * 3 + k] * 255 + alpha * colour[k]);
  }
  return sharp()(rgb, { raw: { width, height, channels: 3 } }).png().toBuffer();
}
