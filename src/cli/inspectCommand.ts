import { readFile, stat } from 'node:fs/promises';
import { LIMITS } from '../contract/graphDocument';
import { loadPreset } from '../graph/presets';
import { parseGraphText } from '../graph/schema';
import type { InspectResult } from '../service/api';
import { inspectGraph } from '../service/inspect';
import { compact, table, thousands } from './format';
import { formatGraphError } from '../contract/graphErrors';

export interface InspectArgs { file?: string; preset?: string; json: boolean }

async function readGraphFile(file: string): Promise<InspectResult> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw new Error(`no such file: ${file}`);
  if (info.size > LIMITS.maxFileBytes) {
    const message = `${file} is ${info.size} bytes; at most ${LIMITS.maxFileBytes} are accepted`;
    return { ...emptyResult(), errors: [{ nodeId: null, field: null, message }] };
  }
  const parsed = parseGraphText(await readFile(file, 'utf8'), file);
  return parsed.ok ? inspectGraph(parsed.graph) : { ...emptyResult(), errors: parsed.errors };
}

const emptyResult = (): InspectResult => ({ nodes: [], totals: { trainableParams: 0, nonTrainableParams: 0, macs: 0 }, output: null, errors: [] });

function render(result: InspectResult): string {
  const rows = [['node', 'kind', 'output', 'params', 'MACs']];
  for (const n of result.nodes) {
    rows.push([n.id, n.kind, n.outputShape ? n.outputShape.join('×') : '—', thousands(n.params), compact(n.macs)]);
  }
  const t = result.totals;
  const lines = [
    rows.length > 1 ? table(rows) : '',
    '',
    `trainable parameters      ${thousands(t.trainableParams)}`,
    `non-trainable parameters  ${thousands(t.nonTrainableParams)}`,
    `MACs per image            ${compact(t.macs)} (${thousands(t.macs)})`,
    `output                    ${result.output ? result.output.join('×') : '—'}`,
  ];
  if (result.errors.length) {
    lines.push('', `${result.errors.length} error${result.errors.length > 1 ? 's' : ''}:`);
    for (const e of result.errors) {
      lines.push(`  ${formatGraphError(e)}`);
    }
  }
  return lines.join('\n').replace(/^\n/, '');
}

/** `inception inspect`: prints the table (or one JSON document) and returns the exit code. */
export async function inspectCommand(args: InspectArgs, out: (text: string) => void): Promise<number> {
  if (!args.file === !args.preset) throw new Error('give either a graph FILE or --preset NAME');
  const result = args.preset ? inspectGraph(loadPreset(args.preset)) : await readGraphFile(args.file!);
  out(args.json ? JSON.stringify(result) : render(result));
  return result.errors.length ? 1 : 0;
}
