import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { GraphDoc } from '../graph/types';
import { generateTorchModule, type TorchModule } from './codegen';
import { pythonWithTorch } from './runWeights';
import { runTool } from './python';
import { writeSafetensors } from './safetensors';
import { tfjsToTorch, type TfjsWeights } from './weights';

export const gradCamAnswer = z.object({
  map: z.array(z.number()),
  height: z.number().int().positive(),
  width: z.number().int().positive(),
  classIndex: z.number().int().min(0),
  probabilities: z.array(z.number()),
  /** The forward and backward pass alone, in the tool. */
  seconds: z.number(),
});

/** What the PyTorch engine's Grad-CAM answers: the same fields as the TF.js engine's. */
export interface TorchGradCam {
  map: Float32Array;
  height: number;
  width: number;
  classIndex: number;
  probabilities: Float32Array;
  /** The forward and backward pass alone (the Python process's start, torch's import and the weights' load excluded). */
  seconds: number;
}

/**
 * Grad-CAM in the PyTorch engine: the design's generated module with `weights` (TF.js names and layouts,
 * converted), one image (`pixels`: H×W×C, as the TF.js engine feeds it), at design node `nodeId`'s output:
 * a forward hook on its module, or for a node computed inline the variable its line of `forward` assigns.
 */
export async function torchGradCam(
  graph: Pick<GraphDoc, 'nodes' | 'edges' | 'name'>,
  weights: TfjsWeights,
  pixels: Float32Array,
  nodeId: string,
  options: { classIndex?: number; python?: string } = {},
): Promise<TorchGradCam> {
  const module = generateTorchModule(graph);
  const { nchw, where } = torchGradCamRequest(module, pixels, nodeId);
  const python = await pythonWithTorch(options.python);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'inception-gradcam-'));
  try {
    const files = { net: path.join(dir, 'net.py'), weights: path.join(dir, 'weights.safetensors'), input: path.join(dir, 'input.safetensors') };
    await writeFile(files.net, module.code);
    await writeSafetensors(files.weights, tfjsToTorch(weights, module.tensors));
    await writeSafetensors(files.input, new Map([['input', { dtype: 'F32', shape: [1, ...module.inputShape], data: nchw }]]));
    const at = 'module' in where ? ['--module', where.module] : ['--line', String(where.line), '--variable', where.variable];
    const klass = options.classIndex === undefined ? [] : ['--class', String(options.classIndex)];
    const answer = await runTool(python, ['gradcam', files.net, '--weights', files.weights, '--input', files.input, ...at, ...klass], { answer: gradCamAnswer, timeoutMs: 120_000 });
    return asTorchGradCam(answer);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The tool's answer with typed arrays. */
export function asTorchGradCam(answer: z.infer<typeof gradCamAnswer>): TorchGradCam {
  return { ...answer, map: Float32Array.from(answer.map), probabilities: Float32Array.from(answer.probabilities) };
}

/** Where the tool takes node `nodeId`'s output: a forward hook on its module, or the variable a line of `forward` assigns. */
export type GradCamPlace = { module: string } | { line: number; variable: string };

/** One image (H×W×C, as the TF.js engine feeds it) as the NCHW values the module takes, and where to read the node. */
export function torchGradCamRequest(module: TorchModule, pixels: Float32Array, nodeId: string): { nchw: Float32Array; where: GradCamPlace } {
  const [c, h, w] = module.inputShape;
  if (pixels.length !== h * w * c) throw new Error(`Grad-CAM input: expected ${h}×${w}×${c} values, found ${pixels.length}`);
  const nchw = new Float32Array(pixels.length);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let k = 0; k < c; k++) nchw[(k * h + y) * w + x] = pixels[(y * w + x) * c + k];
  const attribute = module.attributes[nodeId];
  const line = module.forward.find((f) => f.nodeId === nodeId);
  if (!attribute && !line) throw new Error(`Grad-CAM node: expected a node of the design, found "${nodeId}"`);
  return { nchw, where: attribute ? { module: attribute } : { line: line!.line, variable: line!.variable } };
}
