import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PreprocessSpec } from '../../data';
import { atomicWrite } from '../../io/atomicWrite';
import { generateTorchModule } from '../../torch/codegen';
import { runGraph } from '../../torch/runWeights';
import type { ExportResult } from '../exportResult';
import { writeModelCard } from '../modelCard';
import { GRAPH_OUTPUT, ONNX_FILE } from '../onnx';
import { buildOnnxProto } from '../onnx/model';
import { onnx, type OnnxTypes } from '../onnx/proto';
import { runWeights } from '../onnx/weights';
import { machineName, PROFILE_FILE, profileModels, profileSection, type DeploymentProfile } from '../profile/deploymentProfile';
import { copyRunMetadata } from '../runMetadata';
import { readRunFacts } from '../runFacts';
import { canHaveWebPage, webPageInfo, writeOnnxWebPage } from '../webPage';
import { decodeCalibrationImages } from './calibrationImages';
import { foldBatchNorms } from './foldBatchNorm';
import { insertQdq } from './insertQdq';
import { classifyBatches, measureRanges } from './ortProcess';
import { QUANTIZATION_FILE, quantizationSection, type QuantizationReport } from './report';
import { validationAccuracy, validationBatches } from './validationAccuracy';

export interface OnnxInt8Options {
  /** A folder of images to calibrate on (any depth); the run's training images when absent. */
  calibration?: string;
  /** Most calibration images used (evenly spread over the list); 256 by default. */
  calibrationImages?: number;
  /** Most validation images compared (evenly spread); all by default. */
  validationImages?: number;
  /** Kinds to quantize (tests); the quantizer's own table by default. */
  kinds?: ReadonlySet<string>;
  /** Also measure float32 and int8 in onnxruntime-node and in Chromium's onnxruntime-web (size, peak memory, latency at batch 1) into profile.json and the card. */
  profile?: boolean;
  /** Receives the warnings as they arise (the CLI prints them). */
  onWarning?: (message: string) => void;
  python?: string;
}

export interface OnnxInt8Result extends ExportResult { report: QuantizationReport; profile: DeploymentProfile | null }

/** The probe: the folded float graph with every activation tensor also a graph output, so one run measures them all. */
export function probeModel(model: OnnxTypes.IModelProto, graph: OnnxTypes.IGraphProto): Uint8Array {
  const outputs = new Set((graph.output ?? []).map((o) => o.name));
  const extra = (graph.node ?? []).map((n) => n.output![0]).filter((name) => !outputs.has(name));
  const untyped = (name: string): OnnxTypes.IValueInfoProto => ({ name, type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT } } });
  return onnx.ModelProto.encode({ ...model, graph: { ...graph, output: [...(graph.output ?? []), ...extra.map(untyped)] } }).finish();
}

const encode = (model: OnnxTypes.IModelProto): Uint8Array => onnx.ModelProto.encode(model).finish();

/**
 * Writes `model.onnx` of a run in int8 (static QDQ form): BatchNorms folded into their convolutions,
 * per-channel int8 weights, uint8 activations with ranges calibrated in onnxruntime-node on the run's
 * training images (or `options.calibration`); then compares float32 and int8 on the run's validation
 * images and writes that and the sizes to `quantization.json` and the model card. Images are decoded
 * here; onnxruntime runs in a child process.
 * @throws when no calibration image can be read, naming the folder.
 */
export async function writeOnnxInt8(runDir: string, outDir: string, options: OnnxInt8Options = {}): Promise<OnnxInt8Result> {
  const graph = await runGraph(runDir);
  const facts = await readRunFacts(runDir);
  const spec = facts.preprocessing as PreprocessSpec | null;
  if (!spec) throw new Error(`${runDir}: expected model/preprocessing.json (how images become inputs) to calibrate with; found none`);
  const origin = await runWeights(runDir, graph, generateTorchModule(graph), options.python);
  const { model, sources } = buildOnnxProto(graph, origin.weights, {
    metadata: { design: graph.name, weights: origin.trained ? 'trained, int8 (QDQ)' : 'initial (seeded, untrained), int8 (QDQ)', ...(facts.labels ? { labels: JSON.stringify(facts.labels) } : {}), preprocessing: JSON.stringify(spec) },
    docString: `${graph.name} in int8 (QDQ): input N×C×H×W floats normalised as in the preprocessing metadata; output class probabilities.`,
  });
  const folded = foldBatchNorms(model.graph!);

  const work = await mkdtemp(path.join(tmpdir(), 'inception-int8-'));
  try {
    const floatFile = path.join(work, 'float32.onnx');
    const probeFile = path.join(work, 'probe.onnx');
    const floatBytes = encode(model);
    await atomicWrite(floatFile, floatBytes);
    await atomicWrite(probeFile, probeModel(model, folded));

    const calibration = await decodeCalibrationImages(runDir, spec, work, { folder: options.calibration, most: options.calibrationImages });
    const ranges = await measureRanges(work, probeFile, calibration.batches);
    const quantized = insertQdq(folded, { ranges, sources, output: GRAPH_OUTPUT, kinds: options.kinds });
    quantized.warnings.forEach((w) => options.onWarning?.(w));
    const int8Bytes = encode({ ...model, graph: quantized.graph });
    await mkdir(outDir, { recursive: true });
    const int8File = path.join(outDir, ONNX_FILE);
    await atomicWrite(int8File, int8Bytes);

    const { batches, truth } = await validationBatches(runDir, spec, facts.labels, path.join(work, 'validation'), options.validationImages);
    const [floatPredicted, int8Predicted] = truth.length ? await classifyBatches(work, [floatFile, int8File], batches) : [[], []];
    const report: QuantizationReport = {
      calibration: { source: calibration.source, images: calibration.used.length, unreadable: calibration.unreadable.length },
      validation: validationAccuracy(truth, floatPredicted, int8Predicted, 'onnxruntime-node (CPU)'),
      size: { float32Bytes: floatBytes.length, int8Bytes: int8Bytes.length },
      quantized: { activations: quantized.activations, weights: quantized.weights },
      warnings: quantized.warnings,
    };
    await atomicWrite(path.join(outDir, QUANTIZATION_FILE), JSON.stringify(report, null, 2) + '\n');
    const copied = await copyRunMetadata(runDir, outDir);
    const page = canHaveWebPage(copied) ? await writeOnnxWebPage(outDir, webPageInfo(graph)) : [];
    const files = [ONNX_FILE, QUANTIZATION_FILE, ...copied, ...page];
    const profile = options.profile ? await profileModels([{ label: 'float32', file: floatFile, kind: 'onnx' }, { label: 'int8', file: int8File, kind: 'onnx' }], [spec.channels, spec.height, spec.width], machineName()) : null;
    if (profile) {
      await atomicWrite(path.join(outDir, PROFILE_FILE), JSON.stringify(profile, null, 2) + '\n');
      files.push(PROFILE_FILE);
    }
    files.push(await writeModelCard(outDir, 'onnx-int8', facts, { webPage: page.length > 0, extraSections: [quantizationSection(report), ...(profile ? [profileSection(profile)] : [])] }));
    return { outDir, files, trained: origin.trained, engine: origin.engine, report, profile };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
