import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ONNX_FILE, writeOnnx } from '../../export/onnx';
import { runPaths, writeJson } from '../../io/runFolder';

/** The run's own folder for its inference copy: our ONNX export of its model, written once. */
export const INFERENCE_DIR = 'inference';
const STAMP_FILE = 'source.json';

/** What the export was written from: the design and every file of `model/` (name, size, time). */
async function sourceStamp(runDir: string): Promise<string> {
  const { model, graph } = runPaths(runDir);
  const names = (await readdir(model).catch(() => [] as string[])).sort();
  const files = await Promise.all([graph, ...names.map((n) => path.join(model, n))].map(async (file) => {
    const s = await stat(file).catch(() => null);
    return s?.isFile() ? [path.relative(runDir, file), s.size, s.mtimeMs] : null;
  }));
  return JSON.stringify(files.filter(Boolean));
}

/**
 * `<run>/inference/model.onnx`: the run's model as our ONNX export (whichever engine trained it, or an imported
 * model), written on first use and again only when the run's design or `model/` files change.
 * @returns the file and whether it was (re)written now.
 */
export async function ensureRunOnnx(runDir: string): Promise<{ file: string; written: boolean }> {
  const dir = path.join(runDir, INFERENCE_DIR);
  const file = path.join(dir, ONNX_FILE);
  const stamp = await sourceStamp(runDir);
  const stampFile = path.join(dir, STAMP_FILE);
  if (existsSync(file) && existsSync(stampFile)) {
    const previous = (JSON.parse(await readFile(stampFile, 'utf8')) as { source?: string }).source;
    if (previous === stamp) return { file, written: false };
  }
  if (!existsSync(path.join(runPaths(runDir).model, 'labels.json'))) {
    throw new Error(`${runDir} has no exported model (model/labels.json is missing); the run must finish (or be resumed to the end) first`);
  }
  await writeOnnx(runDir, dir);
  await writeJson(stampFile, { source: stamp });
  return { file, written: true };
}
