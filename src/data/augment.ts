import { z } from 'zod';
import type { Rng } from './random';

/** Random training-time changes to each image; each field 0/false turns that change off. */
export interface AugmentSpec {
  /** Random shift of up to this many pixels each way, filling with 0 (as pad-then-random-crop). */
  cropPadding: number;
  /** Mirror left-right with probability 1/2. */
  flip: boolean;
  /** Rotate by up to ± this many degrees. */
  rotation: number;
  /** Zoom by a factor in [1 − scale, 1 + scale]. */
  scale: number;
  /** Change brightness, contrast and saturation each by a factor in [1 − colorJitter, 1 + colorJitter]. */
  colorJitter: number;
}

/** No augmentation: decoding is then a pure function of the file. */
export const NO_AUGMENT: Readonly<AugmentSpec> = Object.freeze({ cropPadding: 0, flip: false, rotation: 0, scale: 0, colorJitter: 0 });

/** Zod schema for an AugmentSpec read from a file or a message. */
export const augmentSpecSchema = z.object({
  cropPadding: z.number().int().min(0).max(1024),
  flip: z.boolean(),
  rotation: z.number().min(0).max(180),
  scale: z.number().min(0).max(0.9),
  colorJitter: z.number().min(0).max(1),
});

/** True when the spec changes nothing. */
export function isNoAugment(spec: AugmentSpec): boolean {
  return spec.cropPadding === 0 && !spec.flip && spec.rotation === 0 && spec.scale === 0 && spec.colorJitter === 0;
}

/** The concrete random choices for one image. */
export interface AugmentDraw {
  flip: boolean;
  /** Radians. */
  angle: number;
  scale: number;
  /** Shift in whole pixels. */
  dx: number;
  dy: number;
  brightness: number;
  contrast: number;
  saturation: number;
}

/**
 * Draws one image's augmentation. Always consumes the same eight numbers from `rng`, so turning one
 * option on or off does not change the draws of the others.
 */
export function drawAugmentation(spec: AugmentSpec, rng: Rng): AugmentDraw {
  const u = Array.from({ length: 8 }, () => rng());
  const symmetric = (r: number) => r * 2 - 1;
  const shift = (r: number) => Math.floor(r * (2 * spec.cropPadding + 1)) - spec.cropPadding;
  const jitter = (r: number) => 1 + symmetric(r) * spec.colorJitter;
  return {
    flip: spec.flip && u[0] < 0.5,
    angle: (symmetric(u[1]) * spec.rotation * Math.PI) / 180,
    scale: 1 + symmetric(u[2]) * spec.scale,
    dx: shift(u[3]),
    dy: shift(u[4]),
    brightness: jitter(u[5]),
    contrast: jitter(u[6]),
    saturation: jitter(u[7]),
  };
}

/** Height, width and channels of an interleaved (HWC) pixel array. */
export interface PixelDims {
  height: number;
  width: number;
  channels: number;
}

/** Shift and mirror only: every output pixel copies one source pixel (or is 0). */
function shiftAndMirror(pixels: Float32Array, dims: PixelDims, draw: AugmentDraw): Float32Array {
  const { height: h, width: w, channels: c } = dims;
  const out = new Float32Array(pixels.length);
  for (let y = 0; y < h; y++) {
    const sy = y - draw.dy;
    if (sy < 0 || sy >= h) continue;
    for (let x = 0; x < w; x++) {
      const sx = draw.flip ? w - 1 - x + draw.dx : x - draw.dx;
      if (sx < 0 || sx >= w) continue;
      const o = (y * w + x) * c;
      const p = (sy * w + sx) * c;
      for (let ch = 0; ch < c; ch++) out[o + ch] = pixels[p + ch];
    }
  }
  return out;
}

/** Bilinear sample at a point near the border: corners outside the image count as 0. */
function sampleBorder(pixels: Float32Array, dims: PixelDims, x0: number, y0: number, fx: number, fy: number, out: Float32Array, o: number): void {
  const { height: h, width: w, channels: c } = dims;
  for (let k = 0; k < 4; k++) {
    const px = x0 + (k & 1);
    const py = y0 + (k >> 1);
    if (px < 0 || py < 0 || px >= w || py >= h) continue;
    const weight = (k & 1 ? fx : 1 - fx) * (k >> 1 ? fy : 1 - fy);
    const p = (py * w + px) * c;
    for (let ch = 0; ch < c; ch++) out[o + ch] += weight * pixels[p + ch];
  }
}

/**
 * Moves pixels: flip, then zoom and rotate about the centre, then shift; bilinear sampling, zeros
 * outside the source. Returns `pixels` itself when the draw is the identity.
 */
export function transformGeometry(pixels: Float32Array, dims: PixelDims, draw: AugmentDraw): Float32Array {
  const { height: h, width: w, channels: c } = dims;
  if (!draw.flip && draw.angle === 0 && draw.scale === 1 && draw.dx === 0 && draw.dy === 0) return pixels;
  if (draw.angle === 0 && draw.scale === 1) return shiftAndMirror(pixels, dims, draw);
  const out = new Float32Array(pixels.length);
  const cos = Math.cos(draw.angle) / draw.scale;
  const sin = Math.sin(draw.angle) / draw.scale;
  const mirror = draw.flip ? -1 : 1;
  const row = w * c;
  // The source point moves by a fixed step per output pixel along a row.
  const stepX = mirror * cos;
  const stepY = -sin;
  const cx0 = 0.5 - w / 2 - draw.dx;
  for (let y = 0, o = 0; y < h; y++) {
    const cy = y + 0.5 - h / 2 - draw.dy;
    let sx = mirror * (cos * cx0 + sin * cy) + w / 2 - 0.5;
    let sy = -sin * cx0 + cos * cy + h / 2 - 0.5;
    for (let x = 0; x < w; x++, o += c, sx += stepX, sy += stepY) {
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      if (x0 >= 0 && y0 >= 0 && x0 < w - 1 && y0 < h - 1) {
        const w00 = (1 - fx) * (1 - fy);
        const w10 = fx * (1 - fy);
        const w01 = (1 - fx) * fy;
        const w11 = fx * fy;
        const p = y0 * row + x0 * c;
        for (let ch = 0; ch < c; ch++) {
          const q = p + ch;
          out[o + ch] = w00 * pixels[q] + w10 * pixels[q + c] + w01 * pixels[q + row] + w11 * pixels[q + row + c];
        }
      } else if (x0 >= -1 && y0 >= -1 && x0 < w && y0 < h) {
        sampleBorder(pixels, dims, x0, y0, fx, fy, out, o);
      }
    }
  }
  return out;
}

/**
 * Brightness, contrast (about the image's mean grey) and saturation (about each pixel's grey), in
 * that order, on values in 0..1, clamped back to 0..1. Alpha is left alone. Works in place, in one
 * pass after measuring the mean (the three steps are linear, so they compose exactly).
 */
export function jitterColour(pixels: Float32Array, dims: PixelDims, draw: AugmentDraw): Float32Array {
  const { channels: c } = dims;
  const colour = c === 4 ? 3 : c;
  const { brightness, contrast, saturation } = draw;
  if (brightness === 1 && contrast === 1 && (saturation === 1 || colour < 3)) return pixels;
  let mean = 0;
  if (contrast !== 1) {
    for (let p = 0; p < pixels.length; p += c) {
      mean += colour >= 3 ? 0.299 * pixels[p] + 0.587 * pixels[p + 1] + 0.114 * pixels[p + 2] : pixels[p];
    }
    mean = (mean / (pixels.length / c)) * brightness;
  }
  const clamp = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);
  // v ↦ (v·brightness − mean)·contrast + mean = v·gain + offset
  const gain = brightness * contrast;
  const offset = mean * (1 - contrast);
  for (let p = 0; p < pixels.length; p += c) {
    if (colour < 3) {
      pixels[p] = clamp(pixels[p] * gain + offset);
      continue;
    }
    const r = pixels[p] * gain + offset;
    const g = pixels[p + 1] * gain + offset;
    const b = pixels[p + 2] * gain + offset;
    const grey = 0.299 * r + 0.587 * g + 0.114 * b;
    pixels[p] = clamp((r - grey) * saturation + grey);
    pixels[p + 1] = clamp((g - grey) * saturation + grey);
    pixels[p + 2] = clamp((b - grey) * saturation + grey);
  }
  return pixels;
}

/** Applies one draw: geometry, then colour. May return a new array. */
export function applyAugmentation(pixels: Float32Array, dims: PixelDims, draw: AugmentDraw): Float32Array {
  return jitterColour(transformGeometry(pixels, dims, draw), dims, draw);
}
