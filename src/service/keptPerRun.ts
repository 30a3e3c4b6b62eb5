import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** What a run's kept worker must tell and do: whether it still runs, and how it ends. */
export interface KeptWorker {
  readonly alive: boolean;
  close(): Promise<void>;
}

interface Kept<W> {
  worker: W;
  /** The run's weights files as they were when the worker loaded them: a run trained further gets a new worker. */
  weightsStamp: string;
  idle?: NodeJS.Timeout;
  /** The map entry it was started as (a later worker of the same run replaces it). */
  entry?: Promise<Kept<W>>;
  /** Started by `warm` and not used since: closed when another run is warmed. */
  unused?: boolean;
}

/** Names and modification times of the files a run's weights are read from (model/, the checkpoints). */
export async function weightsStamp(runDir: string): Promise<string> {
  const parts: string[] = [];
  for (const dir of ['model', path.join('checkpoints', 'best'), path.join('checkpoints', 'last')]) {
    const names = await readdir(path.join(runDir, dir)).catch(() => [] as string[]);
    for (const name of names.sort()) {
      const info = await stat(path.join(runDir, dir, name)).catch(() => null);
      if (info) parts.push(`${dir}/${name}:${info.mtimeMs}:${info.size}`);
    }
  }
  return parts.join('|');
}

/**
 * One worker per run and variant (the sanity check's randomised classifier is its own), started by `start` on
 * the first request (or ahead of it, by `warm`), reused while it runs and the run's weights files are unchanged,
 * closed after `idleMs` without a request and on `shutdown`.
 */
export function keptPerRun<W extends KeptWorker>(start: (runDir: string, randomHead: boolean) => Promise<W>, idleMs: number) {
  const loaded = new Map<string, Promise<Kept<W>>>();
  const keyOf = (runDir: string, randomHead: boolean) => `${path.resolve(runDir)}\n${randomHead}`;

  function close(key: string, kept: Kept<W>): void {
    clearTimeout(kept.idle);
    if (loaded.get(key) === kept.entry) loaded.delete(key);
    void kept.worker.close();
  }

  async function worker(key: string, runDir: string, randomHead: boolean): Promise<Kept<W>> {
    const stamp = await weightsStamp(runDir);
    const known = loaded.get(key);
    if (known) {
      const kept = await known.catch(() => null);
      if (kept && kept.worker.alive && kept.weightsStamp === stamp) return kept;
      if (loaded.get(key) === known) {
        loaded.delete(key);
        if (kept) close(key, kept);
      }
    }
    const starting: Promise<Kept<W>> = start(runDir, randomHead).then((w) => ({ worker: w, weightsStamp: stamp, entry: starting }));
    loaded.set(key, starting);
    starting.catch(() => loaded.get(key) === starting && loaded.delete(key));
    return starting;
  }

  async function use<T>(runDir: string, randomHead: boolean, work: (worker: W) => Promise<T>, warming = false): Promise<T> {
    const key = keyOf(runDir, randomHead);
    const kept = await worker(key, runDir, randomHead);
    clearTimeout(kept.idle);
    kept.unused = warming && (kept.unused ?? true);
    try {
      return await work(kept.worker);
    } finally {
      clearTimeout(kept.idle);
      kept.idle = setTimeout(() => close(key, kept), idleMs);
      kept.idle.unref();
    }
  }

  /** Closes the workers that `warm` started and no request has used, but for `keep`'s. */
  async function closeUnused(keep: string): Promise<void> {
    for (const [key, entry] of [...loaded]) {
      if (key === keep) continue;
      const kept = await entry.catch(() => null);
      if (kept?.unused && loaded.get(key) === entry) close(key, kept);
    }
  }

  return {
    /** Runs `work` with the run's worker (started if needed); the idle timer starts again once it is done. */
    use: <T>(runDir: string, randomHead: boolean, work: (worker: W) => Promise<T>) => use(runDir, randomHead, work),
    /**
     * Starts the run's worker ahead of its first request (kept as a request's would be); the workers that other
     * runs' warm-ups started and no request has used are closed, so that going through a list of runs leaves
     * one waiting, not one per run.
     */
    async warm(runDir: string, randomHead: boolean): Promise<void> {
      const key = keyOf(runDir, randomHead);
      await closeUnused(key);
      await use(runDir, randomHead, async () => undefined, true);
    },
    /** The runs (and variants) with a worker now. */
    workers: () => loaded.size,
    async shutdown(): Promise<void> {
      const all = await Promise.all([...loaded.values()].map((p) => p.catch(() => null)));
      loaded.clear();
      await Promise.all(all.map((kept) => kept && (clearTimeout(kept.idle), kept.worker.close())));
    },
  };
}
