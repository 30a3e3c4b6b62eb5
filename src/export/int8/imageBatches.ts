import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BadImageError, decodeImage, type PreprocessSpec } from '../../data';

/** A file of little-endian float32 N×C×H×W network inputs, as ortRunner.mjs reads them. */
export interface BatchFile { file: string; shape: [number, number, number, number] }

export interface DecodedBatches {
  batches: BatchFile[];
  /** Per decoded image, in order: its index in the list given. */
  used: number[];
  /** Files that could not be decoded, with the reason. */
  unreadable: { path: string; reason: string }[];
}

/** H×W×C (the decoder's order) → C×H×W, written at `offset` of `out`. */
function hwcToChw(x: Float32Array, spec: PreprocessSpec, out: Float32Array, offset: number): void {
  const { height, width, channels } = spec;
  for (let y = 0; y < height; y++) for (let i = 0; i < width; i++) for (let c = 0; c < channels; c++) {
    out[offset + (c * height + y) * width + i] = x[(y * width + i) * channels + c];
  }
}

/**
 * Decodes images (sharp, in this process) into batch files under `dir` for a separate onnxruntime process;
 * a file that cannot be decoded is listed in `unreadable` and left out.
 */
export async function decodeToBatches(files: readonly string[], spec: PreprocessSpec, dir: string, batchSize = 16): Promise<DecodedBatches> {
  const length = spec.channels * spec.height * spec.width;
  const result: DecodedBatches = { batches: [], used: [], unreadable: [] };
  let pending: Float32Array[] = [];
  const flush = async () => {
    if (!pending.length) return;
    const data = new Float32Array(pending.length * length);
    pending.forEach((x, i) => hwcToChw(x, spec, data, i * length));
    const file = path.join(dir, `batch-${result.batches.length}.bin`);
    await writeFile(file, new Uint8Array(data.buffer));
    result.batches.push({ file, shape: [pending.length, spec.channels, spec.height, spec.width] });
    pending = [];
  };
  for (const [index, file] of files.entries()) {
    try {
      pending.push(await decodeImage(file, spec));
      result.used.push(index);
    } catch (error) {
      if (!(error instanceof BadImageError)) throw error;
      result.unreadable.push({ path: file, reason: error.reason });
    }
    if (pending.length === batchSize) await flush();
  }
  await flush();
  return result;
}
