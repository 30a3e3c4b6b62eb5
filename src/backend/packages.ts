import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const requireHere = createRequire(import.meta.url);

/** The folder of an installed npm package, or null when npm skipped or removed it. */
export function packageDir(name: string): string | null {
  try {
    return path.dirname(requireHere.resolve(`${name}/package.json`));
  } catch {
    return null;
  }
}

export function packageVersion(dir: string): string {
  return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

export const fileExists = (file: string): boolean => existsSync(file);

/**
 * Tries `require(name)` in a separate Node process, so a native addon that crashes or hangs
 * cannot take the host down; resolves to null on success or the first lines of the error.
 */
export function tryLoadInChild(name: string, timeoutMs = 30_000): Promise<string | null> {
  const script = `require(${JSON.stringify(requireHere.resolve(name))})`;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-e', script],
      { timeout: timeoutMs, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', TF_CPP_MIN_LOG_LEVEL: '2' } },
      (error, _stdout, stderr) => {
        if (!error) return resolve(null);
        const lines = String(stderr || error.message).split('\n').filter((l) => /error|cannot|not found|failed/i.test(l));
        resolve((lines.slice(0, 2).join(' ').trim() || error.message).slice(0, 400));
      },
    );
  });
}
