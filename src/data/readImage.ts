import type { Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { BadImageError } from './errors';

/** Default cap on an image file's size in bytes (512 MiB). */
export const DEFAULT_MAX_FILE_BYTES = 512 * 1024 * 1024;

/** Turns a Node file-system error into a short skip reason. */
export function explainFsError(error: unknown): BadImageError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const file = (error as NodeJS.ErrnoException | undefined)?.path ?? '';
  switch (code) {
    case 'ENOENT':
      // Node turns bytes that are not UTF-8 into U+FFFD, so such a name cannot be opened again.
      if (file.includes('\uFFFD')) return new BadImageError('unreadable', 'the file name is not valid UTF-8; rename the file');
      return new BadImageError('unreadable', 'file not found (deleted or moved?)');
    case 'EACCES':
    case 'EPERM':
      return new BadImageError('unreadable', 'permission denied');
    case 'EISDIR':
      return new BadImageError('not-file', 'is a folder, not a file');
    case 'ELOOP':
      return new BadImageError('symlink-loop', 'symlink loop');
    default:
      return new BadImageError('unreadable', `read error: ${code ?? (error as Error)?.message ?? String(error)}`);
  }
}

/**
 * Stats an image file and checks it is a non-empty regular file of acceptable size.
 * @throws BadImageError
 */
export async function statImageFile(file: string, maxFileBytes = DEFAULT_MAX_FILE_BYTES): Promise<Stats> {
  let info: Stats;
  try {
    info = await stat(file);
  } catch (error) {
    throw explainFsError(error);
  }
  if (!info.isFile()) throw new BadImageError('not-file', info.isDirectory() ? 'is a folder, not a file' : 'not a regular file');
  if (info.size === 0) throw new BadImageError('empty', 'empty file (0 bytes)');
  if (info.size > maxFileBytes) {
    const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MiB`;
    throw new BadImageError('too-large', `file too large: ${mb(info.size)} exceeds the ${mb(maxFileBytes)} limit`);
  }
  return info;
}

/** Reads a whole file, mapping failures to BadImageError. */
export async function readImageBytes(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (error) {
    throw explainFsError(error);
  }
}
