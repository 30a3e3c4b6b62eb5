import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** A file written piece by piece that appears whole or not at all (see `openAtomicFile`). */
export interface AtomicFile {
  /** Appends text; calls are written in call order. */
  write(text: string): Promise<void>;
  /** Flushes to disk and renames over the target. */
  commit(): Promise<void>;
  /** Drops what was written; the target is untouched. */
  abort(): Promise<void>;
}

/**
 * Like `atomicWrite`, for content too large to hold at once: a temp file beside the target takes the
 * writes, and `commit` flushes it and renames it over the target.
 * @example const csv = await openAtomicFile('out.csv'); await csv.write('a,b\r\n'); await csv.commit();
 */
export async function openAtomicFile(file: string): Promise<AtomicFile> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o644);
  let chain: Promise<unknown> = Promise.resolve();
  let closed = false;
  const abort = async () => {
    if (!closed) {
      closed = true;
      await chain.catch(() => undefined);
      await handle.close().catch(() => undefined);
    }
    await rm(temp, { force: true });
  };
  return {
    write: (text) => {
      const written = chain.then(() => handle.write(text));
      chain = written;
      return written.then(() => undefined);
    },
    commit: async () => {
      try {
        await chain;
        await handle.sync();
        closed = true;
        await handle.close();
        await rename(temp, file);
      } catch (error) {
        await abort();
        throw error;
      }
    },
    abort,
  };
}
