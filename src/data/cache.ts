import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PixelSpec } from './sharpDecode';

/** Bump when decoding changes in a way that makes old cache files wrong. */
const CACHE_VERSION = 1;

/**
 * Cache key of a file's decoded pixels: its absolute path, modification time and size, and the
 * pixel spec (size, channels, resize mode). Normalisation and augmentation come after the cache.
 */
export function cacheKey(file: string, stat: { mtimeMs: number; size: number }, spec: PixelSpec): string {
  const parts = [CACHE_VERSION, path.resolve(file), stat.mtimeMs, stat.size, spec.height, spec.width, spec.channels, spec.resize];
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 40);
}

function cacheFile(cacheDir: string, key: string): string {
  return path.join(cacheDir, key.slice(0, 2), `${key}.u8`);
}

/** The cached 8-bit pixels, or undefined when missing or of the wrong length. */
export async function readCached(cacheDir: string, key: string, length: number): Promise<Uint8Array | undefined> {
  try {
    const data = await readFile(cacheFile(cacheDir, key));
    return data.length === length ? data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Stores decoded pixels (write to a temp file, then rename, so readers never see half a file).
 * Best effort: a full disk or read-only cache folder only costs speed, so errors are swallowed.
 */
export async function writeCached(cacheDir: string, key: string, data: Uint8Array): Promise<void> {
  const target = cacheFile(cacheDir, key);
  const temp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(temp, data);
    await rename(temp, target);
  } catch {
    await rm(temp, { force: true }).catch(() => undefined);
  }
}
