import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { formatGraphErrors } from '../contract/graphErrors';
import { runtimeRequestSchema, type RuntimeRequest } from '../contract/inference';
import { loadPreset } from '../graph/presets';
import { parseGraphText } from '../graph/schema';
import type { GraphDoc } from '../graph/types';
import { createService, type InceptionService } from '../service/service';

/** Where a command writes its lines. */
export type Out = (text: string) => void;

const commandServices: InceptionService[] = [];

/** The CLI is the user's own shell: it may read and write anywhere they can. */
export function cliService(workspace?: string, inferenceRuntime?: RuntimeRequest): InceptionService {
  const service = createService({ host: 'browser', workspace, extraRoots: [path.parse(process.cwd()).root], inferenceRuntime });
  commandServices.push(service);
  return service;
}

/** Ends what a finished command's services keep running (Grad-CAM workers, inference processes), so the command exits. */
export async function closeCommandServices(): Promise<void> {
  await Promise.all(commandServices.splice(0).map((service) => service.shutdown()));
}

/** `--runtime auto|onnx|tfjs` of evaluate and predict, checked. */
export function runtimeOption(value: string | undefined): RuntimeRequest {
  const parsed = runtimeRequestSchema.safeParse(value ?? 'auto');
  if (!parsed.success) throw new Error(`--runtime expects one of ${runtimeRequestSchema.options.join(', ')}, got ${value}`);
  return parsed.data;
}

/** A run id, or the path of a run folder inside the workspace's runs/ folder. */
export function runIdOf(arg: string): { runId: string; workspace?: string } {
  const resolved = path.resolve(arg);
  const parent = path.dirname(resolved);
  if (path.basename(parent) === 'runs' && arg.includes(path.sep)) return { runId: path.basename(resolved), workspace: path.dirname(parent) };
  return { runId: arg };
}

/** Where a command's design comes from: a graph file or a preset. */
export interface DesignSource { graphFile?: string; preset?: string }

export async function readDesign(args: DesignSource): Promise<GraphDoc> {
  if (!args.graphFile === !args.preset) throw new Error('give either a graph FILE or --preset NAME');
  if (args.preset) return loadPreset(args.preset);
  const parsed = parseGraphText(await readFile(args.graphFile!, 'utf8'), args.graphFile);
  if (!parsed.ok) throw new Error(`${args.graphFile}: ${formatGraphErrors(parsed.errors)}`);
  return parsed.graph;
}

/** A text progress bar for a fraction from 0 to 1. */
export const bar = (fraction: number, width = 24) => {
  const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
  return '█'.repeat(filled) + '░'.repeat(width - filled);
};
