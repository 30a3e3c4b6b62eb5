import { parseArgs } from 'node:util';
import { wholeNumber } from './options';
import { cliService, runIdOf } from './trainCommands';

type Out = (text: string) => void;

const percent = (p: number) => `${(p * 100).toFixed(1)}%`;

/** `inception suspects RUN`: likely mislabelled files, with the class proposed and its out-of-sample confidence. */
export async function suspectsCommand(args: string[], out: Out): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { folds: { type: 'string' }, epochs: { type: 'string' }, engine: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean', default: false }, workspace: { type: 'string' } },
  });
  if (positionals.length !== 1) throw new Error('usage: inception suspects RUN [--folds K] [--epochs N] [--engine tfjs|torch] [--limit N] [--json]');
  const folds = wholeNumber('folds', values.folds);
  if (folds !== undefined && folds < 2) throw new Error(`--folds expects 2 or more, got ${folds}`);
  const engine = values.engine;
  if (engine !== undefined && engine !== 'tfjs' && engine !== 'torch') throw new Error(`--engine expects tfjs or torch, got ${engine}`);
  const { runId, workspace } = runIdOf(positionals[0]);
  const result = await cliService(workspace ?? values.workspace).findSuspects(runId, { folds, epochs: wholeNumber('epochs', values.epochs), engine });
  const limit = wholeNumber('limit', values.limit) ?? result.suspects.length;
  if (values.json) {
    out(JSON.stringify({ ...result, suspects: result.suspects.slice(0, limit) }));
    return 0;
  }
  out(`${result.count} files scored out of sample (${result.folds} folds, ${result.epochs} epochs each; ${result.engineReason}): accuracy ${percent(result.accuracy)}; ${result.suspects.length} suspects`);
  for (const [i, s] of result.suspects.slice(0, limit).entries()) {
    out(`${String(i + 1).padStart(4)}. ${s.label} → ${s.proposed} (${percent(s.confidence)}; given ${percent(s.labelProbability)})  ${s.path}`);
  }
  return 0;
}
