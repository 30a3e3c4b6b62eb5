import path from 'node:path';
import type { RuntimeRequest } from '../contract/inference';
import { cliService, runIdOf, type Out } from './cliService';
import { predictFolderCommand } from './predictFolder';

export async function evaluateCommand(run: string, data: string, json: boolean, out: Out, workspace?: string, runtime?: RuntimeRequest): Promise<number> {
  const { runId, workspace: ws } = runIdOf(run);
  const result = await cliService(ws ?? workspace, runtime).evaluateRun(runId, path.resolve(data));
  if (json) {
    out(JSON.stringify(result));
    return 0;
  }
  if (result.inference) out(`runtime: ${result.inference.reason}`);
  out(`${result.count} images: accuracy ${result.accuracy.toFixed(4)}, top-5 ${result.top5.toFixed(4)}, loss ${result.loss.toFixed(4)}`);
  const width = Math.max(...result.classes.map((c) => c.length));
  out(`${'class'.padEnd(width)}  support  precision  recall`);
  for (const c of result.perClass) {
    out(`${c.name.padEnd(width)}  ${String(c.support).padStart(7)}  ${(c.precision?.toFixed(3) ?? '—').padStart(9)}  ${(c.recall?.toFixed(3) ?? '—').padStart(6)}`);
  }
  out('confusion matrix (rows: true class, columns: predicted):');
  for (const [i, row] of result.confusion.entries()) out(`${result.classes[i].padEnd(width)}  ${row.map((v) => String(v).padStart(5)).join('')}`);
  if (result.skipped.length) out(`${result.skipped.length} files skipped`);
  return 0;
}

export async function predictCommand(run: string, images: string[], json: boolean, out: Out, workspace?: string, runtime?: RuntimeRequest): Promise<number> {
  const { runId, workspace: ws } = runIdOf(run);
  const predictions = await cliService(ws ?? workspace, runtime).predict(runId, images.map((i) => path.resolve(i)), 5);
  if (json) out(JSON.stringify(predictions));
  else {
    for (const p of predictions) {
      out(p.error ? `${p.path}: ${p.error}` : `${p.path}: ${p.top.map((t) => `${t.label} ${(t.probability * 100).toFixed(1)}%`).join(', ')}`);
    }
  }
  return predictions.some((p) => p.error) ? 1 : 0;
}

/** `inception predict RUN FOLDER`: see `predictFolderCommand`. */
export async function predictFolder(run: string, folder: string, options: { csv?: string; json: boolean }, out: Out, workspace?: string, runtime?: RuntimeRequest): Promise<number> {
  const { runId, workspace: ws } = runIdOf(run);
  return predictFolderCommand(cliService(ws ?? workspace, runtime), { runId, folder, ...options }, out);
}
