import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PreprocessSpec } from '../../data';
import { atomicWrite } from '../../io/atomicWrite';
import { generateTorchModule } from '../../torch/codegen';
import { runGraph } from '../../torch/runWeights';
import type { ExportResult } from '../exportResult';
import { decodeCalibrationImages } from '../int8/calibrationImages';
import type { BatchFile } from '../int8/imageBatches';
import { measureRanges } from '../int8/ortProcess';
import { probeModel } from '../int8/writeOnnxInt8';
import { writeModelCard } from '../modelCard';
import { buildOnnxProto } from '../onnx/model';
import { runWeights } from '../onnx/weights';
import { readRunFacts } from '../runFacts';
import { copyRunMetadata, runMetadataText } from '../runMetadata';
import { encodeTflite } from './encode';
import { buildTfliteGraph } from './model';
import { quantizeTflite } from './quantize';
import type { Range } from './ranges';
import { TFLITE_FILE } from './writeTflite';

export interface TfliteInt8Options {
  /** A folder of images to calibrate on (any depth); the run's training images when absent. */
  calibration?: string;
  /** Most calibration images used (evenly spread over the list); 256 by default. */
  calibrationImages?: number;
  python?: string;
}

export interface TfliteInt8Result extends ExportResult {
  calibration: { source: string; images: number; unreadable: number };
  size: { float32Bytes: number; int8Bytes: number };
}

async function inputRange(batches: BatchFile[]): Promise<Range> {
  let min = Infinity;
  let max = -Infinity;
  for (const b of batches) {
    const bytes = await readFile(b.file);
    for (const v of new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4)) { min = Math.min(min, v); max = Math.max(max, v); }
  }
  return { min, max };
}

/**
 * Writes `model.tflite` of a run in full-integer int8 (float32 input and output): activation ranges
 * are calibrated in onnxruntime-node on the float graph (the same calibration as the ONNX int8
 * export: the run's training images, or `options.calibration`), then the TFLite graph is quantized.
 * @throws when no calibration image can be read, naming the folder.
 */
export async function writeTfliteInt8(runDir: string, outDir: string, options: TfliteInt8Options = {}): Promise<TfliteInt8Result> {
  const graph = await runGraph(runDir);
  const facts = await readRunFacts(runDir);
  const spec = facts.preprocessing as PreprocessSpec | null;
  if (!spec) throw new Error(`${runDir}: expected model/preprocessing.json (how images become inputs) to calibrate with; found none`);
  const origin = await runWeights(runDir, graph, generateTorchModule(graph), options.python);
  const { model } = buildOnnxProto(graph, origin.weights);
  const work = await mkdtemp(path.join(tmpdir(), 'inception-tflite-int8-'));
  try {
    const probeFile = path.join(work, 'probe.onnx');
    await atomicWrite(probeFile, probeModel(model, model.graph!));
    const calibration = await decodeCalibrationImages(runDir, spec, work, { folder: options.calibration, most: options.calibrationImages });
    const measured = await measureRanges(work, probeFile, calibration.batches);
    const float = buildTfliteGraph(graph, origin.weights, await runMetadataText(runDir));
    const floatBytes = encodeTflite(float).length;
    const bytes = encodeTflite(quantizeTflite(float, measured, await inputRange(calibration.batches)));
    await mkdir(outDir, { recursive: true });
    await atomicWrite(path.join(outDir, TFLITE_FILE), bytes);
    const copied = await copyRunMetadata(runDir, outDir);
    const summary = { source: calibration.source, images: calibration.used.length, unreadable: calibration.unreadable.length };
    const section = [
      '## int8 quantization',
      '',
      'Full-integer int8: per-channel symmetric int8 kernels (BatchNorm folded into its convolution first), int32 biases,',
      `int8 activations whose ranges were calibrated on ${summary.images} images from ${summary.source}.`,
      `Size: ${(floatBytes / 1e6).toFixed(2)} MB in float32, ${(bytes.length / 1e6).toFixed(2)} MB in int8 (${(floatBytes / bytes.length).toFixed(2)}× smaller).`,
    ].join('\n');
    const card = await writeModelCard(outDir, 'tflite-int8', facts, { extraSections: [section] });
    return { outDir, files: [TFLITE_FILE, ...copied, card], trained: origin.trained, engine: origin.engine, calibration: summary, size: { float32Bytes: floatBytes, int8Bytes: bytes.length } };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
