import { describe, expect, it } from 'vitest';
import { type AugmentDraw, type AugmentSpec, drawAugmentation, isNoAugment, jitterColour, NO_AUGMENT, transformGeometry } from './augment';
import { finishSample } from './normalise';
import { mulberry32 } from './random';
import type { PreprocessSpec } from './spec';

const identity: AugmentDraw = { flip: false, angle: 0, scale: 1, dx: 0, dy: 0, brightness: 1, contrast: 1, saturation: 1 };
const spec: AugmentSpec = { cropPadding: 4, flip: true, rotation: 15, scale: 0.1, colorJitter: 0.2 };
const grid = (h: number, w: number, c = 1) => Float32Array.from({ length: h * w * c }, (_, i) => i + 1);

describe('drawAugmentation', () => {
  it('stays within the spec, is reproducible, and turns off cleanly', () => {
    const draws = Array.from({ length: 2000 }, ((rng) => () => drawAugmentation(spec, rng))(mulberry32(5)));
    const dx = draws.map((d) => d.dx);
    expect(Math.min(...dx)).toBe(-4);
    expect(Math.max(...dx)).toBe(4);
    for (const d of draws) {
      expect(Number.isInteger(d.dx) && Number.isInteger(d.dy)).toBe(true);
      expect(Math.abs(d.angle)).toBeLessThanOrEqual((15 * Math.PI) / 180);
      expect(Math.abs(d.scale - 1)).toBeLessThanOrEqual(0.1);
      for (const f of [d.brightness, d.contrast, d.saturation]) expect(Math.abs(f - 1)).toBeLessThanOrEqual(0.2);
    }
    const flips = draws.filter((d) => d.flip).length;
    expect(flips).toBeGreaterThan(900);
    expect(flips).toBeLessThan(1100);
    expect(drawAugmentation(spec, mulberry32(9))).toEqual(drawAugmentation(spec, mulberry32(9)));
    expect(drawAugmentation(NO_AUGMENT, mulberry32(9))).toEqual(identity);
    expect(isNoAugment(NO_AUGMENT)).toBe(true);
    expect(isNoAugment({ ...NO_AUGMENT, flip: true })).toBe(false);
    const withRotation = drawAugmentation({ ...NO_AUGMENT, flip: true, rotation: 10 }, mulberry32(3));
    const flipOnly = drawAugmentation({ ...NO_AUGMENT, flip: true }, mulberry32(3));
    expect(withRotation.flip).toBe(flipOnly.flip);
  });
});

describe('transformGeometry', () => {
  const dims = { height: 2, width: 3, channels: 1 };
  it('is a no-op for the identity draw', () => {
    const pixels = grid(2, 3);
    expect(transformGeometry(pixels, dims, identity)).toBe(pixels);
  });

  it('mirrors and shifts exactly, filling with zeros', () => {
    expect(Array.from(transformGeometry(grid(2, 3), dims, { ...identity, flip: true }))).toEqual([3, 2, 1, 6, 5, 4]);
    expect(Array.from(transformGeometry(grid(2, 3), dims, { ...identity, dx: 1 }))).toEqual([0, 1, 2, 0, 4, 5]);
    expect(Array.from(transformGeometry(grid(2, 3), dims, { ...identity, dy: -1 }))).toEqual([4, 5, 6, 0, 0, 0]);
  });

  it('rotates a quarter turn and zooms about the centre, on every channel', () => {
    const pixels = grid(3, 3, 2);
    const turned = transformGeometry(pixels, { height: 3, width: 3, channels: 2 }, { ...identity, angle: Math.PI / 2 });
    // the 3×3 grid [[1,3,5],[7,9,11],[13,15,17]] (first channel) turned clockwise
    const firstChannel = Array.from(turned.filter((_, i) => i % 2 === 0), (v) => Math.round(v * 1000) / 1000);
    expect(firstChannel).toEqual([13, 7, 1, 15, 9, 3, 17, 11, 5]);
    const zoomed = transformGeometry(grid(4, 4), { height: 4, width: 4, channels: 1 }, { ...identity, scale: 2 });
    expect(zoomed[5]).toBeCloseTo(7.25, 5); // output (1, 1) samples the source at (1.25, 1.25): 6 + 0.25·1 + 0.25·4
  });
});

describe('jitterColour', () => {
  const dims = { height: 1, width: 2, channels: 3 };
  it('scales brightness and clamps to 0..1', () => {
    const out = jitterColour(Float32Array.from([0.4, 0.2, 0.8, 0.1, 0.1, 0.1]), dims, { ...identity, brightness: 1.5 });
    expect(Array.from(out, (v) => Math.round(v * 1000) / 1000)).toEqual([0.6, 0.3, 1, 0.15, 0.15, 0.15]);
  });
  it('turns saturation 0 into grey and contrast 0 into the mean grey', () => {
    const grey = jitterColour(Float32Array.from([1, 0, 0, 0, 1, 0]), dims, { ...identity, saturation: 0 });
    expect(grey[0]).toBeCloseTo(0.299);
    expect(grey[1]).toBeCloseTo(0.299);
    expect(grey[4]).toBeCloseTo(0.587);
    const flat = jitterColour(Float32Array.from([1, 1, 1, 0, 0, 0]), dims, { ...identity, contrast: 0 });
    expect(Array.from(flat)).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
  });
  it('leaves alpha alone', () => {
    const out = jitterColour(Float32Array.from([0.5, 0.5, 0.5, 0.3]), { height: 1, width: 1, channels: 4 }, { ...identity, brightness: 2 });
    expect(Array.from(out)).toEqual([1, 1, 1, Math.fround(0.3)]);
  });
});

describe('finishSample', () => {
  const pre: PreprocessSpec = { height: 8, width: 8, channels: 3, resize: 'crop', mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] };
  const pixels = Uint8Array.from({ length: 8 * 8 * 3 }, (_, i) => (i * 37) % 256);
  it('normalises, and augments reproducibly for a seed', () => {
    const plain = finishSample(pixels, pre, NO_AUGMENT, mulberry32(1));
    expect(plain[5]).toBeCloseTo((pixels[5] / 255 - 0.5) / 0.25, 6);
    const a = finishSample(pixels, pre, spec, mulberry32(1));
    expect(finishSample(pixels, pre, spec, mulberry32(1))).toEqual(a);
    expect(finishSample(pixels, pre, spec, mulberry32(2))).not.toEqual(a);
    expect(a).not.toEqual(plain);
  });
});
