import path from 'node:path';

/** Image formats the pipeline reads (BMP through our own decoder where libvips lacks it). */
export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'bmp' | 'tiff';

/** File extensions accepted as images, lower case with the dot. */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set([
  '.jpg',
  '.jpeg',
  '.png',
  '.webp',
  '.gif',
  '.bmp',
  '.tif',
  '.tiff',
]);

/** True when the file name ends with an accepted image extension (case-insensitive). */
export function hasImageExtension(file: string): boolean {
  return IMAGE_EXTENSIONS.has(path.extname(file).toLowerCase());
}

/** The display name of a format, for reasons like "truncated JPEG". */
export function formatLabel(format: ImageFormat): string {
  return format === 'webp' ? 'WebP' : format.toUpperCase();
}

/** How many leading bytes `sniffImageFormat` needs. */
export const SNIFF_BYTES = 12;

function ascii(bytes: Uint8Array, start: number, text: string): boolean {
  if (bytes.length < start + text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[start + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** Recognises an image by its magic bytes (not its name); undefined when it is none we read. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (ascii(bytes, 0, '\x89PNG\r\n\x1a\n')) return 'png';
  if (ascii(bytes, 0, 'GIF87a') || ascii(bytes, 0, 'GIF89a')) return 'gif';
  if (ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WEBP')) return 'webp';
  if (ascii(bytes, 0, 'II*\0') || ascii(bytes, 0, 'MM\0*')) return 'tiff';
  if (ascii(bytes, 0, 'BM') && bytes.length >= 6) return 'bmp';
  return undefined;
}

/** A guess at what a non-image file is, to make "not an image" reasons concrete. */
export function describeNonImage(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'empty file';
  const head = bytes.subarray(0, 512);
  let printable = 0;
  for (const b of head) if (b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127) || b >= 0xc0) printable++;
  return printable / head.length > 0.95 ? 'text' : 'unknown binary data';
}

/**
 * Whether an image file's bytes stop before the format's end marker. Trailing bytes after the
 * marker are common and harmless, so only the last few bytes are searched.
 */
export function looksTruncated(format: ImageFormat, bytes: Uint8Array): boolean {
  const tail = bytes.subarray(Math.max(0, bytes.length - 64));
  switch (format) {
    case 'jpeg':
      for (let i = tail.length - 2; i >= 0; i--) if (tail[i] === 0xff && tail[i + 1] === 0xd9) return false;
      return true;
    case 'png':
      return !Buffer.from(tail).includes('IEND');
    case 'gif':
      return !tail.includes(0x3b);
    case 'webp': {
      if (bytes.length < 8) return true;
      const riffSize = bytes[4] | (bytes[5] << 8) | (bytes[6] << 16) | (bytes[7] << 24);
      return bytes.length < riffSize + 8;
    }
    default:
      return false;
  }
}
