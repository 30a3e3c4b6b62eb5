import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { GRAD_CAM_ENGINES } from '../contract/gradCam';
import { cliService, runIdOf } from './cliService';

type Out = (text: string) => void;

export const GRAD_CAM_USAGE = 'usage: inception gradcam RUN IMAGE --out heat.png [--class C] [--node N] [--engine tfjs|torch] [--random-head] [--json]';

/** `inception gradcam`: where a run's model looked in an image, drawn over it into a PNG. */
export async function gradCamCommand(args: string[], out: Out): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      class: { type: 'string' },
      node: { type: 'string' },
      engine: { type: 'string' },
      'random-head': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      workspace: { type: 'string' },
    },
  });
  if (positionals.length !== 2 || !values.out) throw new Error(GRAD_CAM_USAGE);
  const engine = values.engine;
  if (engine !== undefined && !(GRAD_CAM_ENGINES as readonly string[]).includes(engine)) {
    throw new Error(`--engine expects ${GRAD_CAM_ENGINES.join(' or ')}, got ${engine}`);
  }
  const { runId, workspace } = runIdOf(positionals[0]);
  const result = await cliService(workspace ?? values.workspace).gradCam(runId, path.resolve(positionals[1]), {
    label: values.class,
    node: values.node,
    engine: engine as (typeof GRAD_CAM_ENGINES)[number] | undefined,
    randomHead: values['random-head'],
  });
  const file = path.resolve(values.out);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, Buffer.from(result.overlay.replace(/^data:image\/png;base64,/, ''), 'base64'));
  if (values.json) {
    const { overlay: _png, ...rest } = result;
    out(JSON.stringify({ ...rest, out: file }));
  } else {
    out(`${result.label} (${(result.probability * 100).toFixed(1)}%; predicted ${result.predicted.label} ${(result.predicted.probability * 100).toFixed(1)}%)` +
      ` at ${result.node} (${result.height}×${result.width}), ${result.engine}${result.randomHead ? ', classifier randomised' : ''}: wrote ${file}`);
  }
  return 0;
}
