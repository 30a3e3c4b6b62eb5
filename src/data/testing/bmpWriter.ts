/** Options of `encodeBmp`. */
export interface BmpEncodeOptions {
  /** 8 = paletted (at most 256 distinct colours), 24 = BGR, 32 = BGRA with a V4 header and bit fields. */
  bitsPerPixel: 8 | 24 | 32;
  /** Store rows top-down (negative height) instead of the usual bottom-up. */
  topDown?: boolean;
}

/**
 * Writes a Windows bitmap from RGB or RGBA pixels, for tests of the BMP decoder (which sharp's
 * bundled libvips lacks).
 */
export function encodeBmp(width: number, height: number, channels: 3 | 4, rgba: Uint8Array, options: BmpEncodeOptions): Uint8Array {
  const bpp = options.bitsPerPixel;
  const headerSize = bpp === 32 ? 108 : 40;
  const palette: number[] = [];
  const paletteIndex = new Map<number, number>();
  const indices = new Uint8Array(width * height);
  if (bpp === 8) {
    for (let i = 0; i < width * height; i++) {
      const key = (rgba[i * channels] << 16) | (rgba[i * channels + 1] << 8) | rgba[i * channels + 2];
      let index = paletteIndex.get(key);
      if (index === undefined) {
        if (palette.length === 256) throw new Error('more than 256 colours for an 8-bit BMP');
        index = palette.length;
        palette.push(key);
        paletteIndex.set(key, index);
      }
      indices[i] = index;
    }
  }
  const stride = Math.floor((bpp * width + 31) / 32) * 4;
  const pixelOffset = 14 + headerSize + palette.length * 4;
  const bytes = new Uint8Array(pixelOffset + stride * height);
  const view = new DataView(bytes.buffer);
  bytes[0] = 0x42;
  bytes[1] = 0x4d;
  view.setUint32(2, bytes.length, true);
  view.setUint32(10, pixelOffset, true);
  view.setUint32(14, headerSize, true);
  view.setInt32(18, width, true);
  view.setInt32(22, options.topDown ? -height : height, true);
  view.setUint16(26, 1, true);
  view.setUint16(28, bpp, true);
  view.setUint32(30, bpp === 32 ? 3 : 0, true);
  view.setUint32(34, stride * height, true);
  view.setUint32(46, palette.length, true);
  if (bpp === 32) {
    view.setUint32(54, 0x00ff0000, true);
    view.setUint32(58, 0x0000ff00, true);
    view.setUint32(62, 0x000000ff, true);
    view.setUint32(66, 0xff000000, true);
  }
  palette.forEach((rgb, i) => {
    const p = 14 + headerSize + i * 4;
    bytes[p] = rgb & 0xff;
    bytes[p + 1] = (rgb >> 8) & 0xff;
    bytes[p + 2] = rgb >> 16;
  });
  for (let y = 0; y < height; y++) {
    const row = pixelOffset + stride * (options.topDown ? y : height - 1 - y);
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (bpp === 8) {
        bytes[row + x] = indices[i];
        continue;
      }
      const p = row + x * (bpp / 8);
      bytes[p] = rgba[i * channels + 2];
      bytes[p + 1] = rgba[i * channels + 1];
      bytes[p + 2] = rgba[i * channels];
      if (bpp === 32) bytes[p + 3] = channels === 4 ? rgba[i * channels + 3] : 255;
    }
  }
  return bytes;
}
