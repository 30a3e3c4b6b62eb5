import path from 'node:path';
import { bar, cliService, readDesign, type DesignSource, type Out } from './cliService';

/** `inception find-lr`: the learning-rate range test of a design on a folder; prints the curve and the suggestion. */
export interface FindLrArgs extends DesignSource {
  data: string;
  batch?: number;
  backend?: string;
  json: boolean;
  workspace?: string;
}

export async function findLrCommand(args: FindLrArgs, out: Out): Promise<number> {
  const graph = await readDesign(args);
  const api = cliService(args.workspace);
  const config = { data: { dir: path.resolve(args.data) }, ...(args.batch !== undefined && { batchSize: args.batch }), ...(args.backend !== undefined && { backend: args.backend }) };
  const result = await api.findLearningRate(graph, config);
  if (args.json) {
    out(JSON.stringify(result));
    return 0;
  }
  const shown = result.points.filter((_, i) => i % Math.max(1, Math.floor(result.points.length / 20)) === 0);
  const high = Math.max(...shown.map((p) => p.smoothed));
  for (const p of shown) out(`${p.lr.toExponential(1).padStart(8)}  ${p.smoothed.toFixed(3).padStart(7)}  ${bar(p.smoothed / high)}`);
  const round = (lr: number) => Number(lr.toPrecision(2));
  out(`lowest loss at ${round(result.lowest)}${result.steepest !== null ? `; steepest fall at ${round(result.steepest)}` : ''}${result.diverged ? '; blew up past it' : ''}`);
  out(`suggested learning rate: ${round(result.suggested)} (train with --lr ${round(result.suggested)})`);
  return 0;
}
