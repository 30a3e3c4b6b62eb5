import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { detectTorch } from '../../torch/detect';

/** Where the generated torchvision ONNX files are kept between test runs (outside git). */
export const TORCHVISION_CACHE = path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'inception-studio', 'import-onnx');

export type TorchvisionName =
  | 'googlenet'
  | 'resnet18'
  | 'squeezenet1_1'
  | 'mobilenet_v2'
  | 'inception_v3'
  | 'resnext50_32x4d'
  | 'regnet_x_400mf'
  | 'densenet121'
  | 'resnet50'
  | 'wide_resnet50_2'
  | 'squeezenet1_0'
  | 'alexnet'
  | 'vgg11_bn'
  | 'alexnet_narrow'
  | 'vgg11_bn_narrow'
  | 'wide_resnet50_2_shallow'
  | 'resnext50_32x4d_shallow';

/**
 * How a model's ONNX file is written: its input side (224 by default), opset (torch's default when absent) and the
 * modes written (both by default).
 */
export interface ExportOptions { size?: number; opset?: number; modes?: ('preserve' | 'eval')[] }

/** The file `torchvisionOnnx` writes for a model, BatchNorm kept (`preserve`) or folded (`eval`). */
export function torchvisionFile(name: TorchvisionName, mode: 'preserve' | 'eval', options: ExportOptions = {}): string {
  const size = options.size ?? 224;
  const stem = name + (size === 224 ? '' : `-${size}`) + (options.opset === undefined ? '' : `-op${options.opset}`);
  return path.join(TORCHVISION_CACHE, `${stem}-${mode}.onnx`);
}

/** A model to write: its name alone (written with the call's options), or with options of its own. */
export type TorchvisionJob = TorchvisionName | ({ name: TorchvisionName } & ExportOptions);

/**
 * Writes `NAME-preserve.onnx` and `NAME-eval.onnx` (or the modes asked for, by the model or the call) for each model (kept when present;
 * named by `torchvisionFile`) with the Python that has torch, all in one process (torch is imported once); returns
 * torchvision's trainable parameter count per model, or null when no Python has torch.
 */
export async function torchvisionOnnx(jobs: TorchvisionJob[], options: ExportOptions = {}): Promise<Map<string, number> | null> {
  // A generous probe timeout: on a loaded machine importing torch alone can take over a minute.
  const torch = await detectTorch({ timeoutMs: 300_000 });
  if (!torch.available || !torch.python) return null;
  const script = path.join(path.dirname(new URL(import.meta.url).pathname), 'torchvisionOnnx.py');
  const flags = [
    ...(options.size ? ['--size', String(options.size)] : []),
    ...(options.opset ? ['--opset', String(options.opset)] : []),
    ...(options.modes ? ['--modes', options.modes.join(',')] : []),
  ];
  const models = jobs.map((job) => {
    if (typeof job === 'string') return job;
    const size = job.size ?? options.size ?? 224;
    const opset = job.opset ?? options.opset;
    const modes = job.modes ?? options.modes;
    return [job.name, size, opset ?? '', modes?.join(',') ?? ''].join(':');
  });
  const { stdout } = await promisify(execFile)(torch.python, [script, ...flags, TORCHVISION_CACHE, ...models], { timeout: 900_000, maxBuffer: 1 << 20 });
  const counts = stdout.trim().split('\n').map((line) => JSON.parse(line) as { name: string; trainable: number });
  return new Map(counts.map((c) => [c.name, c.trainable]));
}

/** Tests that need torch fail on CI when it is missing, and are skipped elsewhere. */
export function torchMissing(counts: Map<string, number> | null): boolean {
  if (counts === null && process.env.CI) throw new Error('CI is set but no Python here imports torch and torchvision: run `npm run test:setup`');
  return counts === null;
}
