import { parseArgs } from 'node:util';
import type { ImportModelOptions, ImportNote } from '../service/api';
import { readLabelsFile } from '../import/importModel';
import { cliService } from './cliService';

type Out = (text: string) => void;

/** How the command line changes what an import took for granted. */
const CLI_OPTION: Record<NonNullable<ImportNote['option']>, string> = {
  size: 'set --size to change',
  normalisation: 'set --mean and --std to change',
  labels: 'give --labels FILE to name them',
};

/** An import note in the command line's words. */
export const cliNote = (note: ImportNote): string => (note.option ? `${note.text} (${CLI_OPTION[note.option]})` : note.text);

function numbers(name: string, value: string | undefined, count?: number): number[] | undefined {
  if (value === undefined) return undefined;
  const list = value.split(',').map((v) => Number(v.trim()));
  if (list.some((n) => !Number.isFinite(n)) || (count !== undefined && list.length > count)) {
    throw new Error(`--${name} expects ${count === 2 ? 'H or H,W' : 'numbers separated by commas'}, got ${value}`);
  }
  return list;
}

/** `inception import MODEL.onnx [--name N] [--mean a,b,c --std a,b,c --size H[,W] --labels FILE] [--json]`. */
export async function importCommand(args: string[], out: Out): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      name: { type: 'string' }, mean: { type: 'string' }, std: { type: 'string' }, size: { type: 'string' },
      labels: { type: 'string' }, json: { type: 'boolean', default: false }, workspace: { type: 'string' },
    },
  });
  if (positionals.length !== 1) throw new Error('usage: inception import MODEL.onnx [--name N] [--mean a,b,c --std a,b,c] [--size H[,W]] [--labels FILE] [--json]');
  const size = numbers('size', values.size, 2);
  if (size?.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--size expects whole numbers ≥ 1, got ${values.size}`);
  const options: ImportModelOptions = {
    ...(values.name ? { name: values.name } : {}),
    ...(values.mean ? { mean: numbers('mean', values.mean) } : {}),
    ...(values.std ? { std: numbers('std', values.std) } : {}),
    ...(size ? { size: [size[0], size[1] ?? size[0]] as [number, number] } : {}),
    ...(values.labels ? { labels: await readLabelsFile(values.labels) } : {}),
  };
  const result = await cliService(values.workspace).importModel(positionals[0], options);
  if (values.json) {
    out(JSON.stringify({ run: result.run, trainableParams: result.trainableParams, nonTrainableParams: result.nonTrainableParams, notes: result.notes.map(cliNote) }));
    return 0;
  }
  out(`imported ${positionals[0]} as run ${result.run.id} (${result.run.dir})`);
  out(`${result.graph.nodes.length} nodes, ${result.trainableParams.toLocaleString('en-US')} trainable parameters, ${result.nonTrainableParams.toLocaleString('en-US')} non-trainable`);
  for (const note of result.notes) out(`note: ${cliNote(note)}`);
  return 0;
}
