import { BadImageError } from './errors';

/** Decoded pixels, row-major, top row first, RGB or RGBA interleaved. */
export interface RawImage {
  width: number;
  height: number;
  channels: 3 | 4;
  data: Uint8Array;
}

const BI_RGB = 0;
const BI_BITFIELDS = 3;
const BI_ALPHABITFIELDS = 6;
const COMPRESSION_NAMES: Record<number, string> = { 1: 'RLE8', 2: 'RLE4', 4: 'embedded JPEG', 5: 'embedded PNG' };

interface Channel {
  mask: number;
  shift: number;
  max: number;
}

function channelOf(mask: number): Channel {
  mask >>>= 0;
  if (mask === 0) return { mask: 0, shift: 0, max: 0 };
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift++;
  let bits = 0;
  while (((mask >>> (shift + bits)) & 1) === 1 && shift + bits < 32) bits++;
  return { mask, shift, max: 2 ** bits - 1 };
}

function extract(pixel: number, c: Channel): number {
  return c.max === 0 ? 255 : Math.round((((pixel & c.mask) >>> c.shift) * 255) / c.max);
}

function unsupported(what: string): BadImageError {
  return new BadImageError('unsupported', `unsupported BMP: ${what}`);
}

/**
 * Decodes a Windows bitmap: uncompressed 1/4/8-bit paletted, 16-bit (5-5-5 or bit fields),
 * 24-bit, and 32-bit (BGRX or bit fields with alpha). libvips, as bundled with sharp, has no BMP
 * loader, so BMP files take this path and reach sharp as raw pixels.
 * @throws BadImageError for truncated, malformed, compressed or oversized bitmaps.
 */
export function decodeBmp(bytes: Uint8Array, maxPixels = 100_000_000): RawImage {
  if (bytes.length < 26 || bytes[0] !== 0x42 || bytes[1] !== 0x4d) {
    throw new BadImageError(bytes.length < 26 ? 'truncated' : 'not-image', bytes.length < 26 ? 'truncated BMP' : 'not a BMP');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const pixelOffset = view.getUint32(10, true);
  const headerSize = view.getUint32(14, true);
  const core = headerSize === 12;
  if (!core && headerSize < 40) throw new BadImageError('corrupt', `corrupt BMP: header size ${headerSize}`);
  if (bytes.length < 14 + (core ? 12 : 40)) throw new BadImageError('truncated', 'truncated BMP');

  const width = core ? view.getUint16(18, true) : view.getInt32(18, true);
  const signedHeight = core ? view.getInt16(20, true) : view.getInt32(22, true);
  const bpp = view.getUint16(core ? 24 : 28, true);
  const compression = core ? BI_RGB : view.getUint32(30, true);
  const height = Math.abs(signedHeight);
  const topDown = signedHeight < 0;
  if (width <= 0 || height === 0) throw new BadImageError('corrupt', `corrupt BMP: size ${width}×${signedHeight}`);
  if (width * height > maxPixels) {
    throw new BadImageError('too-large', `image too large: ${width}×${height} pixels exceeds the ${maxPixels / 1e6} MP limit`);
  }
  if (compression in COMPRESSION_NAMES) throw unsupported(`${COMPRESSION_NAMES[compression]} compression`);
  if (compression !== BI_RGB && compression !== BI_BITFIELDS && compression !== BI_ALPHABITFIELDS) {
    throw unsupported(`compression type ${compression}`);
  }

  // Bit-field masks live inside V2+ headers, or just after a 40-byte header.
  let masks: number[] | undefined;
  if (compression !== BI_RGB) {
    const at = 54;
    const count = compression === BI_ALPHABITFIELDS || headerSize >= 56 ? 4 : 3;
    if (bytes.length < at + count * 4) throw new BadImageError('truncated', 'truncated BMP');
    masks = Array.from({ length: count }, (_, i) => view.getUint32(at + i * 4, true));
  } else if (bpp === 16) {
    masks = [0x7c00, 0x03e0, 0x001f];
  } else if (bpp === 32) {
    masks = [0xff0000, 0xff00, 0xff];
  }

  let palette: Uint8Array | undefined;
  if (bpp <= 8) {
    if (bpp !== 1 && bpp !== 4 && bpp !== 8) throw unsupported(`${bpp} bits per pixel`);
    const entrySize = core ? 3 : 4;
    const colorsUsed = core ? 0 : view.getUint32(46, true);
    const count = colorsUsed > 0 && colorsUsed <= 256 ? colorsUsed : 1 << bpp;
    const start = 14 + headerSize + (compression === BI_BITFIELDS && headerSize === 40 ? 12 : 0);
    if (bytes.length < start + count * entrySize) throw new BadImageError('truncated', 'truncated BMP');
    palette = new Uint8Array(256 * 3);
    for (let i = 0; i < count; i++) {
      const p = start + i * entrySize;
      palette[i * 3] = bytes[p + 2];
      palette[i * 3 + 1] = bytes[p + 1];
      palette[i * 3 + 2] = bytes[p];
    }
  } else if (bpp !== 16 && bpp !== 24 && bpp !== 32) {
    throw unsupported(`${bpp} bits per pixel`);
  }

  const stride = Math.floor((bpp * width + 31) / 32) * 4;
  const lastRowEnd = pixelOffset + stride * (height - 1) + Math.ceil((bpp * width) / 8);
  if (lastRowEnd > bytes.length) throw new BadImageError('truncated', 'truncated BMP');

  const fields = masks?.map(channelOf);
  const channels: 3 | 4 = fields && fields.length === 4 && fields[3].max > 0 ? 4 : 3;
  const out = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    const row = pixelOffset + stride * (topDown ? y : height - 1 - y);
    let o = y * width * channels;
    for (let x = 0; x < width; x++, o += channels) {
      if (palette) {
        const bitPos = x * bpp;
        const byte = bytes[row + (bitPos >> 3)];
        const index = (byte >> (8 - bpp - (bitPos & 7))) & ((1 << bpp) - 1);
        out[o] = palette[index * 3];
        out[o + 1] = palette[index * 3 + 1];
        out[o + 2] = palette[index * 3 + 2];
      } else if (bpp === 24) {
        const p = row + x * 3;
        out[o] = bytes[p + 2];
        out[o + 1] = bytes[p + 1];
        out[o + 2] = bytes[p];
      } else {
        const pixel = bpp === 16 ? view.getUint16(row + x * 2, true) : view.getUint32(row + x * 4, true);
        const [r, g, b, a] = fields!;
        out[o] = extract(pixel, r);
        out[o + 1] = extract(pixel, g);
        out[o + 2] = extract(pixel, b);
        if (channels === 4) out[o + 3] = extract(pixel, a);
      }
    }
  }
  return { width, height, channels, data: out };
}
