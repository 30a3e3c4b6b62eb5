import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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
import { QUANTIZATION_FILE, quantizationSection, type QuantizationReport } from '../int8/report';
import { unmeasuredValidation, validationAccuracy, validationBatches } from '../int8/validationAccuracy';
import { probeModel } from '../int8/writeOnnxInt8';
import { writeModelCard } from '../modelCard';
import { findChromium } from '../profile/findChromium';
import { classifyTfliteInChromium } from '../profile/measureInChromium';
import { machineName, PROFILE_FILE, profileModels, profileSection, type DeploymentProfile } from '../profile/deploymentProfile';
import { buildOnnxProto } from '../onnx/model';
import { runWeights } from '../onnx/weights';
import { readRunFacts } from '../runFacts';
import { copyRunMetadata, runMetadataText } from '../runMetadata';
import { encodeTflite } from './encode';
import { buildTfliteGraph } from './model';
import type { TfliteModel } from './flatModel';
import { quantizeTflite } from './quantize';
import { TensorType } from './schema';
import type { Range } from './ranges';
import { TFLITE_FILE } from './writeTflite';

export interface TfliteInt8Options {
  /** A folder of images to calibrate on (any depth); the run's training images when absent. */
  calibration?: string;
  /** Most calibration images used (evenly spread over the list); 256 by default. */
  calibrationImages?: number;
  /** Most validation images compared (evenly spread); all by default. */
  validationImages?: number;
  /** Also measure float32 and int8 in LiteRT.js in Chromium (size, peak memory, latency at batch 1) into profile.json and the card. */
  profile?: boolean;
  /** The Chromium that runs LiteRT.js for the accuracy check (and the profile); `findChromium()` by default, null for none. */
  chromium?: string | null;
  python?: string;
}

export interface TfliteInt8Result extends ExportResult { report: QuantizationReport; profile: DeploymentProfile | null }

/** Where the accuracy check runs TFLite: LiteRT.js, the stock TFLite runtime this machine has, needs a browser. */
const VALIDATION_RUNTIME = 'LiteRT.js (wasm, XNNPack) in headless Chromium';

async function inputRange(batches: BatchFile[]): Promise<Range> {
  let min = Infinity;
  let max = -Infinity;
  for (const b of batches) {
    const bytes = await readFile(b.file);
    for (const v of new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4)) { min = Math.min(min, v); max = Math.max(max, v); }
  }
  return { min, max };
}

/** How many int8 activation tensors and per-channel int8 kernels the model has. */
function quantizedCounts(model: TfliteModel): QuantizationReport['quantized'] {
  const int8 = model.tensors.filter((t) => t.type === TensorType.INT8);
  return { activations: int8.filter((t) => t.buffer === 0).length, weights: int8.filter((t) => t.buffer !== 0 && t.quantization?.dimension !== undefined).length };
}

/** float32 and int8 classify the validation batches in LiteRT.js in Chromium; without Chromium, or when it fails, the report says why. */
async function validate(runDir: string, work: string, float32: Uint8Array, int8: Uint8Array, spec: PreprocessSpec, labels: readonly string[] | null, options: TfliteInt8Options): Promise<QuantizationReport['validation']> {
  const dir = path.join(work, 'validation');
  const { batches, truth } = await validationBatches(runDir, spec, labels, dir, options.validationImages);
  if (!truth.length) return validationAccuracy([], [], [], VALIDATION_RUNTIME);
  const chromium = options.chromium === undefined ? findChromium() : options.chromium;
  if (!chromium) return unmeasuredValidation(truth.length, VALIDATION_RUNTIME, 'Accuracy not measured: LiteRT.js, the TFLite runtime used here, runs in a browser, and no Chromium or Chrome was found on this machine (set CHROMIUM_PATH to one).');
  const files = [path.join(dir, 'float32.tflite'), path.join(dir, 'int8.tflite')];
  await writeFile(files[0], float32);
  await writeFile(files[1], int8);
  try {
    const [floatPredicted, int8Predicted] = await classifyTfliteInChromium(chromium, files, batches);
    return validationAccuracy(truth, floatPredicted, int8Predicted, VALIDATION_RUNTIME);
  } catch (error) {
    return unmeasuredValidation(truth.length, VALIDATION_RUNTIME, `Accuracy not measured: Chromium (${chromium}) failed: ${(error as Error).message.split('\n')[0]}`);
  }
}

/**
 * Writes `model.tflite` of a run in full-integer int8 (float32 input and output): activation ranges
 * are calibrated in onnxruntime-node on the float graph (the same calibration as the ONNX int8
 * export: the run's training images, or `options.calibration`), then the TFLite graph is quantized. float32
 * and int8 then classify the run's validation images in LiteRT.js (Chromium): the accuracy change and the
 * sizes go into `quantization.json` and the model card.
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
    const floatBytes = encodeTflite(float);
    const quantized = quantizeTflite(float, measured, await inputRange(calibration.batches));
    const bytes = encodeTflite(quantized);
    await mkdir(outDir, { recursive: true });
    const int8File = path.join(outDir, TFLITE_FILE);
    await atomicWrite(int8File, bytes);
    const report: QuantizationReport = {
      calibration: { source: calibration.source, images: calibration.used.length, unreadable: calibration.unreadable.length },
      validation: await validate(runDir, work, floatBytes, bytes, spec, facts.labels, options),
      size: { float32Bytes: floatBytes.length, int8Bytes: bytes.length },
      quantized: quantizedCounts(quantized),
      warnings: [],
    };
    await atomicWrite(path.join(outDir, QUANTIZATION_FILE), JSON.stringify(report, null, 2) + '\n');
    const copied = await copyRunMetadata(runDir, outDir);
    const files = [TFLITE_FILE, QUANTIZATION_FILE, ...copied];
    let profile: DeploymentProfile | null = null;
    if (options.profile) {
      const floatFile = path.join(work, 'float32', TFLITE_FILE);
      await mkdir(path.dirname(floatFile));
      await writeFile(floatFile, floatBytes);
      profile = await profileModels([{ label: 'float32', file: floatFile, kind: 'tflite' }, { label: 'int8', file: int8File, kind: 'tflite' }], [spec.channels, spec.height, spec.width], machineName(), 50, options.chromium === undefined ? findChromium() : options.chromium);
      await atomicWrite(path.join(outDir, PROFILE_FILE), JSON.stringify(profile, null, 2) + '\n');
      files.push(PROFILE_FILE);
    }
    files.push(await writeModelCard(outDir, 'tflite-int8', facts, { extraSections: [quantizationSection(report, 'tflite'), ...(profile ? [profileSection(profile)] : [])] }));
    return { outDir, files, trained: origin.trained, engine: origin.engine, report, profile };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
