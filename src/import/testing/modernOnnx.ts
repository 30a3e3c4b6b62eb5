import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { detectTorch } from '../../torch/detect';
import { TORCHVISION_CACHE } from './torchvision';

/** One file to write: a torchvision model name, BatchNorm kept (`preserve`) or folded (`eval`), the opset. */
export interface ModernJob { name: string; mode: 'eval' | 'preserve'; opset: number }

export interface ModernFile extends ModernJob { file: string; trainable: number }

/**
 * Writes each job's ONNX file (kept when present) at size×size with the Python that has torch; null when
 * no Python has torch and torchvision.
 */
export async function modernOnnx(jobs: ModernJob[], size: number): Promise<ModernFile[] | null> {
  const torch = await detectTorch({ timeoutMs: 300_000 });
  if (!torch.available || !torch.python) return null;
  const script = path.join(import.meta.dirname, 'modernOnnx.py');
  const files: ModernFile[] = [];
  for (const opset of [...new Set(jobs.map((j) => j.opset))]) {
    const mine = jobs.filter((j) => j.opset === opset);
    const args = [script, path.join(TORCHVISION_CACHE, 'modern'), String(size), String(opset), ...mine.map((j) => `${j.name}:${j.mode}`)];
    const { stdout } = await promisify(execFile)(torch.python, args, { timeout: 900_000, maxBuffer: 1 << 20 });
    stdout.trim().split('\n').forEach((line, i) => {
      const { file, trainable } = JSON.parse(line) as { file: string; trainable: number };
      files.push({ ...mine[i], file, trainable });
    });
  }
  return files;
}
