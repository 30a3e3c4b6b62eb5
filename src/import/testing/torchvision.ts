import os from 'node:os';
import path from 'node:path';
import { writeOnnxFiles, type OnnxJob } from './onnxFiles';

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

/** Each model's files (the modes asked for, by the model or the call; both by default) as jobs for `writeOnnxFiles`. */
export function torchvisionJobs(jobs: TorchvisionJob[], options: ExportOptions = {}): OnnxJob[] {
  return jobs.flatMap((job) => {
    const { name, ...own } = typeof job === 'string' ? { name: job } : job;
    const at = { size: own.size ?? options.size ?? 224, opset: own.opset ?? options.opset };
    return (own.modes ?? options.modes ?? ['preserve', 'eval']).map((mode): OnnxJob => ({ kind: 'torchvision', name, ...at, mode, file: torchvisionFile(name, mode, at) }));
  });
}

/**
 * Writes `NAME-preserve.onnx` and `NAME-eval.onnx` (or the modes asked for, by the model or the call) for each model (kept when present;
 * named by `torchvisionFile`) with the Python that has torch, all in one process (torch is imported once); returns
 * torchvision's trainable parameter count per model, or null when no Python has torch.
 */
export async function torchvisionOnnx(jobs: TorchvisionJob[], options: ExportOptions = {}): Promise<Map<string, number> | null> {
  const files = torchvisionJobs(jobs, options);
  const counts = await writeOnnxFiles(files);
  return counts && new Map(files.map((file, i) => [file.name, counts[i]]));
}

/** Tests that need torch fail on CI when it is missing, and are skipped elsewhere. */
export function torchMissing(counts: Map<string, number> | null): boolean {
  if (counts === null && process.env.CI) throw new Error('CI is set but no Python here imports torch and torchvision: run `npm run test:setup`');
  return counts === null;
}
