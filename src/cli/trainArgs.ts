import { parseArgs } from 'node:util';
import { presetRecipe, PRESETS_WITH_RECIPES } from '../contract/presetRecipes';
import { parseResizeFlag } from '../contract/progressiveResize';
import { countNumber, fraction, positiveNumber, wholeNumber } from './options';
import type { TrainArgs } from './trainCommand';

/** The arguments of `inception train` (everything after the command name). */
export function parseTrainArgs(args: string[]): TrainArgs {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      preset: { type: 'string' }, data: { type: 'string' }, val: { type: 'string' }, epochs: { type: 'string' },
      batch: { type: 'string' }, lr: { type: 'string' }, engine: { type: 'string', default: 'auto' }, backend: { type: 'string' },
      out: { type: 'string' }, json: { type: 'boolean', default: false }, 'fix-classes': { type: 'boolean', default: false },
      workspace: { type: 'string' }, device: { type: 'string' }, precision: { type: 'string' }, processes: { type: 'string' },
      nnodes: { type: 'string' }, 'node-rank': { type: 'string' }, 'rdzv-endpoint': { type: 'string' }, 'max-restarts': { type: 'string' },
      'checkpoint-every': { type: 'string' }, 'val-fraction': { type: 'string' }, init: { type: 'string' }, 'freeze-up-to': { type: 'string' }, seed: { type: 'string' },
      resize: { type: 'string' }, recipe: { type: 'string' },
    },
  });
  if (!values.data) throw new Error('train needs --data DIR: a folder with one sub-folder per class');
  if (positionals.length > 1) throw new Error(`train takes one graph FILE, got ${positionals.length}: ${positionals.join(' ')}`);
  if (values.init === '') throw new Error('--init expects a RUN: a run id or the path of a run folder');
  if (values.recipe !== undefined && !presetRecipe(values.recipe)) throw new Error(`--recipe expects a preset with a training recipe (${PRESETS_WITH_RECIPES.join(', ')}), got ${values.recipe}`);
  if (values['freeze-up-to'] === '') throw new Error('--freeze-up-to expects a NODE id of the design');
  return {
    graphFile: positionals[0], preset: values.preset, recipe: values.recipe, data: values.data, val: values.val, epochs: positiveNumber('epochs', values.epochs),
    batch: positiveNumber('batch', values.batch), lr: positiveNumber('lr', values.lr), seed: countNumber('seed', values.seed), valFraction: fraction('val-fraction', values['val-fraction']),
    resize: values.resize === undefined ? undefined : parseResizeFlag(values.resize),
    engine: values.engine!, backend: values.backend, out: values.out, json: values.json!,
    // Starting from another run's weights implies a new head when the classes differ.
    fixClasses: values['fix-classes']! || values.init !== undefined,
    workspace: values.workspace, init: values.init, freezeUpTo: values['freeze-up-to'],
    torch: {
      device: values.device, precision: values.precision, processes: wholeNumber('processes', values.processes),
      nnodes: wholeNumber('nnodes', values.nnodes), nodeRank: countNumber('node-rank', values['node-rank']), rdzvEndpoint: values['rdzv-endpoint'],
      maxRestarts: countNumber('max-restarts', values['max-restarts']), checkpointEvery: wholeNumber('checkpoint-every', values['checkpoint-every']),
    },
  };
}
