import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The first Python (`INCEPTION_PYTHON`, `python3`, Debian's `/usr/bin/python3`) that imports `module`; null when none does. */
export async function pythonWith(module: string): Promise<string | null> {
  const candidates = [process.env.INCEPTION_PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => !!c);
  for (const python of candidates) {
    try {
      await run(python, ['-c', `import ${module}`]);
      return python;
    } catch {
      // Not there, or without the module: try the next.
    }
  }
  return null;
}

/**
 * Whether a test that needs a tool should run: where the tool is missing it is skipped, except on CI
 * (env `CI` set), where it runs and fails with `missing` instead of passing unseen.
 */
export const runsHere = (found: unknown): boolean => !!found || !!process.env.CI;
