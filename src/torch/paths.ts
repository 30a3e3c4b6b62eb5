import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding the Python runner (`<app root>/assets/python`): two levels above this file both
 * from the sources (`src/torch/`) and from the bundles (`dist/node/`). Inside a packaged Electron app
 * Python cannot read `app.asar`, so the unpacked copy is preferred (electron-builder `asarUnpack`).
 * `INCEPTION_PYTHON_ASSETS` overrides it.
 */
export function pythonAssetsDir(): string {
  const override = process.env.INCEPTION_PYTHON_ASSETS;
  if (override) return path.resolve(override);
  const here = path.dirname(fileURLToPath(import.meta.url));
  const dir = path.resolve(here, '..', '..', 'assets', 'python');
  const unpacked = dir.replace(`${path.sep}app.asar${path.sep}`, `${path.sep}app.asar.unpacked${path.sep}`);
  return unpacked !== dir && existsSync(unpacked) ? unpacked : dir;
}

/** `inception_runner.py`: trains a run folder, printing one JSON event per line. */
export const runnerScript = (): string => path.join(pythonAssetsDir(), 'inception_runner.py');

/** `inception_tools.py`: probe, forward, onnx, extract and init sub-commands. */
export const toolsScript = (): string => path.join(pythonAssetsDir(), 'inception_tools.py');
