import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { sharp } from './lazySharp';
import { mulberry32, type Rng } from './random';

/**
 * A sample image folder anyone can train on at once: generated pictures of four shapes, one
 * sub-folder per class. Each picture has its own size, place, turn and colours (always a dark shape on a
 * light ground in grey, as the Small CNN sees them), so a network must learn the shape, not a pixel.
 */
export const SHAPE_CLASSES = ['circle', 'cross', 'square', 'triangle'] as const;
export type ShapeClass = (typeof SHAPE_CLASSES)[number];

export interface ShapesFolderOptions {
  /** Pictures per class (default 200). */
  perClass?: number;
  /** Side of each picture in pixels (default 64). */
  size?: number;
  /** The same seed always draws the same pictures (default 0). */
  seed?: number;
}

type Rgb = [number, number, number];

const luminance = ([r, g, b]: Rgb) => (0.299 * r + 0.587 * g + 0.114 * b) / 255;
const hex = (c: Rgb) => `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
const randomColour = (rng: Rng): Rgb => [0, 0, 0].map(() => Math.floor(rng() * 256)) as Rgb;

/** A colour drawn until its grey lies in [low, high]. */
function colourIn(rng: Rng, low: number, high: number): Rgb {
  for (;;) {
    const colour = randomColour(rng);
    const grey = luminance(colour);
    if (grey >= low && grey <= high) return colour;
  }
}

/** A light background and a dark shape: any hues, but in grey always a dark shape on a light ground. */
function colours(rng: Rng): { background: Rgb; fill: Rgb } {
  return { background: colourIn(rng, 0.6, 1), fill: colourIn(rng, 0, 0.35) };
}

/** The shape centred on the origin with `r` its outer radius, as SVG. */
function shapeSvg(shape: ShapeClass, r: number, fill: string): string {
  switch (shape) {
    case 'circle':
      return `<circle r="${r}" fill="${fill}"/>`;
    case 'square': {
      const half = r / Math.SQRT2;
      return `<rect x="${-half}" y="${-half}" width="${2 * half}" height="${2 * half}" fill="${fill}"/>`;
    }
    case 'triangle': {
      const points = [0, 1, 2].map((i) => {
        const a = -Math.PI / 2 + (i * 2 * Math.PI) / 3;
        return `${(r * Math.cos(a)).toFixed(2)},${(r * Math.sin(a)).toFixed(2)}`;
      });
      return `<polygon points="${points.join(' ')}" fill="${fill}"/>`;
    }
    case 'cross': {
      const arm = r * 0.36;
      return `<rect x="${-r}" y="${-arm}" width="${2 * r}" height="${2 * arm}" fill="${fill}"/>` +
        `<rect x="${-arm}" y="${-r}" width="${2 * arm}" height="${2 * r}" fill="${fill}"/>`;
    }
  }
}

/** One picture of `shape` as an SVG document, drawn from `rng`. */
export function shapePicture(shape: ShapeClass, size: number, rng: Rng): string {
  const { background, fill } = colours(rng);
  const r = size * (0.24 + 0.14 * rng());
  const margin = r * 0.75;
  const cx = margin + rng() * (size - 2 * margin);
  const cy = margin + rng() * (size - 2 * margin);
  const angle = (rng() - 0.5) * 50;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}">` +
    `<rect width="${size}" height="${size}" fill="${hex(background)}"/>` +
    `<g transform="translate(${cx.toFixed(2)} ${cy.toFixed(2)}) rotate(${angle.toFixed(1)})">${shapeSvg(shape, r, hex(fill))}</g></svg>`;
}

/**
 * Writes the sample folder: `dest/<shape>/<shape>-<n>.png` for the four shapes.
 * @example await writeShapesFolder(path.join(workspace, 'samples', 'shapes'), { perClass: 200 });
 */
export async function writeShapesFolder(dest: string, options: ShapesFolderOptions = {}): Promise<{ classes: string[]; files: number }> {
  const { perClass = 200, size = 64, seed = 0 } = options;
  const rng = mulberry32(seed);
  for (const shape of SHAPE_CLASSES) {
    await mkdir(path.join(dest, shape), { recursive: true });
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < perClass; i++) {
      const svg = shapePicture(shape, size, rng);
      const file = path.join(dest, shape, `${shape}-${String(i).padStart(4, '0')}.png`);
      writes.push(sharp()(Buffer.from(svg)).png().toFile(file));
      if (writes.length >= 32) await Promise.all(writes.splice(0));
    }
    await Promise.all(writes);
  }
  return { classes: [...SHAPE_CLASSES], files: perClass * SHAPE_CLASSES.length };
}
