import { describe, expect, it } from 'vitest';
import { decodeBmp } from './bmp';
import { BadImageError } from './errors';
import { encodeBmp } from './testing/bmpWriter';

function gradient(width: number, height: number, channels: 3 | 4): Uint8Array {
  const data = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * channels;
      data.set([x * 20, y * 30, (x + y) * 10, 200].slice(0, channels), p);
    }
  }
  return data;
}

describe('decodeBmp', () => {
  it.each([24, 32] as const)('round-trips %i-bit pixels, bottom-up and top-down, with odd widths', (bpp) => {
    const channels = bpp === 32 ? 4 : 3;
    const pixels = gradient(5, 3, channels);
    for (const topDown of [false, true]) {
      const image = decodeBmp(encodeBmp(5, 3, channels, pixels, { bitsPerPixel: bpp, topDown }));
      expect(image).toMatchObject({ width: 5, height: 3, channels });
      expect(Array.from(image.data)).toEqual(Array.from(pixels));
    }
  });

  it('reads 8-bit paletted bitmaps', () => {
    const pixels = gradient(7, 4, 3);
    const image = decodeBmp(encodeBmp(7, 4, 3, pixels, { bitsPerPixel: 8 }));
    expect(image.channels).toBe(3);
    expect(Array.from(image.data)).toEqual(Array.from(pixels));
  });

  it('refuses truncated, compressed and oversized bitmaps with a reason', () => {
    const bytes = encodeBmp(16, 16, 3, gradient(16, 16, 3), { bitsPerPixel: 24 });
    const reason = (data: Uint8Array, maxPixels?: number) => {
      try {
        decodeBmp(data, maxPixels);
      } catch (error) {
        expect(error).toBeInstanceOf(BadImageError);
        return (error as BadImageError).reason;
      }
      return 'decoded';
    };
    expect(reason(bytes.subarray(0, bytes.length - 100))).toBe('truncated BMP');
    expect(reason(bytes.subarray(0, 20))).toBe('truncated BMP');
    const rle = bytes.slice();
    new DataView(rle.buffer).setUint32(30, 1, true);
    expect(reason(rle)).toBe('unsupported BMP: RLE8 compression');
    expect(reason(bytes, 100)).toMatch(/^image too large: 16×16 pixels/);
  });
});
