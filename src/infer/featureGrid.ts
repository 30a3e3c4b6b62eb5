import { sharp } from '../data/lazySharp';
import type { FeatureChannel } from './featureMaps';

const GAP = 2;

/** The tile side in pixels for an h×w map: the map scaled up by a whole factor to at least `minTile` on its long side. */
export function tileScale(height: number, width: number, minTile = 48): number {
  return Math.max(1, Math.ceil(minTile / Math.max(height, width)));
}

/**
 * Channels as grey tiles in a grid (`columns` a row, 2 px apart), each value mapped from [min, max] (shared by
 * all tiles, so brightness compares across channels) to black…white, nearest-neighbour upscaled; a PNG.
 */
export async function featureGridPng(channels: FeatureChannel[], height: number, width: number, range: { min: number; max: number }, columns: number): Promise<Buffer> {
  const scale = tileScale(height, width);
  const [th, tw] = [height * scale, width * scale];
  const rows = Math.ceil(channels.length / columns);
  const gridWidth = columns * tw + (columns - 1) * GAP;
  const gridHeight = rows * th + (rows - 1) * GAP;
  const grey = Buffer.alloc(gridWidth * gridHeight, 40);
  const span = range.max - range.min;
  channels.forEach((c, i) => {
    const [top, left] = [Math.floor(i / columns) * (th + GAP), (i % columns) * (tw + GAP)];
    for (let y = 0; y < th; y++) for (let x = 0; x < tw; x++) {
      const v = c.values[Math.floor(y / scale) * width + Math.floor(x / scale)];
      grey[(top + y) * gridWidth + left + x] = span > 0 ? Math.round(((v - range.min) / span) * 255) : 0;
    }
  });
  return sharp()(grey, { raw: { width: gridWidth, height: gridHeight, channels: 1 } }).png().toBuffer();
}
