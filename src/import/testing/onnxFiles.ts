import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { detectTorch } from '../../torch/detect';

/**
 * One ONNX file to write: a model of `torchvisionOnnx.py` (`torchvision`) or of `modernOnnx.py` (`modern`) at a
 * size×size input, BatchNorm kept (`preserve`) or folded (`eval`), at an opset (torch's default when absent).
 */
export interface OnnxJob { kind: 'torchvision' | 'modern'; name: string; size: number; opset?: number; mode: 'preserve' | 'eval'; file: string }

/**
 * Writes each job's file (kept when present; one writer per file across processes) with the Python that has torch,
 * all in one process (torch imported once, each model built once); returns torchvision's trainable parameter count
 * of each job's model, or null when no Python has torch.
 */
export async function writeOnnxFiles(jobs: OnnxJob[]): Promise<number[] | null> {
  // A generous probe timeout: on a loaded machine importing torch alone can take over a minute.
  const torch = await detectTorch({ timeoutMs: 300_000 });
  if (!torch.available || !torch.python) return null;
  const script = path.join(import.meta.dirname, 'onnxFiles.py');
  const { stdout } = await promisify(execFile)(torch.python, [script, JSON.stringify(jobs)], { timeout: 900_000, maxBuffer: 1 << 20 });
  return stdout.split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { trainable: number }).trainable);
}
