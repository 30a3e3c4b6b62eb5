import path from 'node:path';
import { writeOnnxFiles, type OnnxJob } from './onnxFiles';
import { TORCHVISION_CACHE } from './torchvision';

/** One file to write: a torchvision model name, BatchNorm kept (`preserve`) or folded (`eval`), the opset. */
export interface ModernJob { name: string; mode: 'eval' | 'preserve'; opset: number }

export interface ModernFile extends ModernJob { file: string; trainable: number }

/** Each job's file at size×size (`modernOnnx.py`'s models, in `modern/` of the cache) as a job for `writeOnnxFiles`. */
export function modernJobs(jobs: ModernJob[], size: number): OnnxJob[] {
  return jobs.map((j) => ({ kind: 'modern', ...j, size, file: path.join(TORCHVISION_CACHE, 'modern', `${j.name}-${size}-op${j.opset}-${j.mode}.onnx`) }));
}

/**
 * Writes each job's ONNX file (kept when present) at size×size with the Python that has torch, all in one
 * process (torch is imported once); null when no Python has torch and torchvision.
 */
export async function modernOnnx(jobs: ModernJob[], size: number): Promise<ModernFile[] | null> {
  const files = modernJobs(jobs, size);
  const counts = await writeOnnxFiles(files);
  return counts && jobs.map((job, i) => ({ ...job, file: files[i].file, trainable: counts[i] }));
}
