/** Runs at most `concurrency` of the given async functions at a time, in call order. */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

/** Creates a Limiter. @example const limit = createLimiter(8); await Promise.all(files.map((f) => limit(() => stat(f)))); */
export function createLimiter(concurrency: number): Limiter {
  const max = Math.max(1, Math.floor(concurrency));
  let active = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    active--;
    waiting.shift()?.();
  };
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      release();
    }
  };
}
