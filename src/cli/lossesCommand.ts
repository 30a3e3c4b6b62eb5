import { parseArgs } from 'node:util';
import { wholeNumber } from './options';
import { cliService, runIdOf } from './cliService';

type Out = (text: string) => void;

const percent = (p: number) => `${(p * 100).toFixed(1)}%`;

/** `inception losses RUN`: the run's validation images sorted by loss, and the most confused pairs. */
export async function lossesCommand(args: string[], out: Out): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { limit: { type: 'string' }, json: { type: 'boolean', default: false }, workspace: { type: 'string' } },
  });
  if (positionals.length !== 1) throw new Error('usage: inception losses RUN [--limit N] [--json]');
  const { runId, workspace } = runIdOf(positionals[0]);
  const result = await cliService(workspace ?? values.workspace).topLosses(runId, { limit: wholeNumber('limit', values.limit) });
  if (values.json) {
    out(JSON.stringify(result));
    return 0;
  }
  out(`${result.count} validation images, accuracy ${percent(result.accuracy)}; highest losses first:`);
  out('   loss  given → predicted (probability)  file');
  for (const row of result.losses) {
    out(`${row.loss.toFixed(3).padStart(7)}  ${row.label} → ${row.predicted} (${percent(row.probability)}; given ${percent(row.labelProbability)})  ${row.path}`);
  }
  out(result.pairs.length ? 'most confused pairs (given → predicted: images):' : 'no image was taken for another class');
  for (const pair of result.pairs.slice(0, 20)) out(`  ${pair.label} → ${pair.predicted}: ${pair.count}`);
  if (result.skipped.length) out(`${result.skipped.length} files skipped`);
  return 0;
}
