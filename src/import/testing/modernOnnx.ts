import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { GRAPH_OUTPUT } from '../../export/onnx';
import { detectTorch } from '../../torch/detect';
import { onnx } from '../onnx/proto';
import { TORCHVISION_CACHE } from './torchvision';

/** One file to write: a torchvision model name, BatchNorm kept (`preserve`) or folded (`eval`), the opset. */
export interface ModernJob { name: string; mode: 'eval' | 'preserve'; opset: number }

export interface ModernFile extends ModernJob { file: string; trainable: number }

/**
 * Writes each job's ONNX file (kept when present) at size×size with the Python that has torch, all in one
 * process (torch is imported once); null when no Python has torch and torchvision.
 */
export async function modernOnnx(jobs: ModernJob[], size: number): Promise<ModernFile[] | null> {
  const torch = await detectTorch({ timeoutMs: 300_000 });
  if (!torch.available || !torch.python) return null;
  const script = path.join(import.meta.dirname, 'modernOnnx.py');
  const args = [script, path.join(TORCHVISION_CACHE, 'modern'), String(size), ...jobs.map((j) => `${j.name}:${j.mode}:${j.opset}`)];
  const { stdout } = await promisify(execFile)(torch.python, args, { timeout: 900_000, maxBuffer: 1 << 20 });
  return stdout.trim().split('\n').map((line, i): ModernFile => {
    const { file, trainable } = JSON.parse(line) as { file: string; trainable: number };
    return { ...jobs[i], file, trainable };
  });
}

/**
 * How many float weights an ONNX file's nodes read from initializers, read with the plain protobuf classes.
 * Counted per use: torch.onnx.export stores identical tensors once and lets nodes share them.
 */
export async function fileWeights(file: string): Promise<number> {
  const model = onnx.ModelProto.decode(await readFile(file));
  const sizes = new Map((model.graph?.initializer ?? [])
    .filter((t) => t.dataType === onnx.TensorProto.DataType.FLOAT)
    .map((t) => [t.name, (t.dims ?? []).reduce((a: number, d) => a * Number(d), 1)]));
  return (model.graph?.node ?? []).flatMap((n) => n.input ?? []).reduce((total, input) => total + (sizes.get(input) ?? 0), 0);
}

/** Our writer's model with the final Softmax's input also given out, as `logits` (random-init probabilities say little). */
export function withLogitsOutput(bytes: Uint8Array): Uint8Array {
  const model = onnx.ModelProto.decode(bytes);
  const softmax = model.graph!.node!.find((n) => n.output?.[0] === GRAPH_OUTPUT)!;
  model.graph!.node!.push({ opType: 'Identity', name: 'logits', input: [softmax.input![0]], output: ['logits'] });
  model.graph!.output!.push({ name: 'logits', type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT } } });
  return onnx.ModelProto.encode(model).finish();
}
