import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { wholeNumber } from './options';
import { cliService, runIdOf } from './trainCommands';

type Out = (text: string) => void;

export const FEATURES_USAGE = 'usage: inception features RUN IMAGE --out grid.png [--node N] [--limit K] [--json]';

/** `inception features`: one image's feature maps at a node of a run's design, as a grid PNG (channels by mean activation). */
export async function featuresCommand(args: string[], out: Out): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { out: { type: 'string' }, node: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean', default: false }, workspace: { type: 'string' } },
  });
  if (positionals.length !== 2 || !values.out) throw new Error(FEATURES_USAGE);
  const { runId, workspace } = runIdOf(positionals[0]);
  const result = await cliService(workspace ?? values.workspace).featureMaps(runId, path.resolve(positionals[1]), { node: values.node, limit: wholeNumber('limit', values.limit) });
  const file = path.resolve(values.out);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, Buffer.from(result.grid.replace(/^data:image\/png;base64,/, ''), 'base64'));
  if (values.json) {
    const { grid: _png, ...rest } = result;
    out(JSON.stringify({ ...rest, out: file }));
  } else {
    out(`${result.node}: ${result.count} channels of ${result.height}×${result.width}, values ${result.min.toPrecision(3)} to ${result.max.toPrecision(3)};` +
      ` the ${result.channels.length} with the highest mean in ${result.columns} columns: wrote ${file}`);
  }
  return 0;
}
