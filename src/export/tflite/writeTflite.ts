import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { GraphDoc } from '../../graph/types';
import { atomicWrite } from '../../io/atomicWrite';
import { generateTorchModule } from '../../torch/codegen';
import { runGraph } from '../../torch/runWeights';
import type { ExportResult, ExportSource } from '../exportResult';
import { writeModelCard } from '../modelCard';
import { designWeights, runWeights } from '../onnx/weights';
import { designFacts, readRunFacts } from '../runFacts';
import { copyRunMetadata, runMetadataText } from '../runMetadata';
import { encodeTflite } from './encode';
import { assertTfliteExportable, buildTfliteGraph } from './model';

export const TFLITE_FILE = 'model.tflite';

/**
 * Writes `model.tflite` (float32, NHWC, batch 1) for a design (its seeded initial weights) or a run
 * trained by either engine, with our own FlatBuffer writer; the run's labels and preprocessing go
 * beside it and into the model's metadata, with a README.md model card.
 * @example await writeTflite('/workspace/runs/r1', '/tmp/out');
 * @throws TfliteExportError naming the nodes that cannot be written.
 */
export async function writeTflite(source: ExportSource, outDir: string, options: { python?: string } = {}): Promise<ExportResult> {
  const isRun = typeof source === 'string';
  const graph: GraphDoc = isRun ? await runGraph(source) : source;
  assertTfliteExportable(graph);
  const module = generateTorchModule(graph);
  const origin = isRun ? await runWeights(source, graph, module, options.python) : await designWeights(graph, module);
  const bytes = encodeTflite(buildTfliteGraph(graph, origin.weights, isRun ? await runMetadataText(source) : {}));
  await mkdir(outDir, { recursive: true });
  await atomicWrite(path.join(outDir, TFLITE_FILE), bytes);
  const copied = isRun ? await copyRunMetadata(source, outDir) : [];
  const card = await writeModelCard(outDir, 'tflite', isRun ? await readRunFacts(source) : designFacts(graph));
  return { outDir, files: [TFLITE_FILE, ...copied, card], trained: origin.trained, engine: origin.engine };
}
