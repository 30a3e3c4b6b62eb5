import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { GraphDoc } from '../../graph/types';
import { atomicWrite } from '../../io/atomicWrite';
import { generateTorchModule } from '../../torch/codegen';
import { runGraph } from '../../torch/runWeights';
import type { ExportResult, ExportSource } from '../exportResult';
import { copyRunMetadata, runMetadataText } from '../runMetadata';
import { writeModelCard } from '../modelCard';
import { designFacts, readRunFacts } from '../runFacts';
import { canHaveWebPage, webPageInfo, writeOnnxWebPage } from '../webPage';
import { assertOnnxExportable, buildOnnxModel } from './model';
import { designWeights, runWeights, type WeightsOrigin } from './weights';

export const ONNX_FILE = 'model.onnx';

function describeWeights(origin: WeightsOrigin): string {
  if (!origin.trained) return 'initial (seeded, untrained)';
  return `trained by the ${origin.engine === 'torch' ? 'PyTorch' : 'TF.js'} engine`;
}

/**
 * Writes `model.onnx` for a design (its seeded initial weights) or a run trained by either engine,
 * with our own writer. A run's `labels.json` and `preprocessing.json` are copied beside
 * it and stored in the model's metadata; a README.md model card goes with it. Python is used only to read a PyTorch run that has nothing
 * but a `checkpoint.pt` (`options.python`, else the one detected).
 * @example await writeOnnx('/workspace/runs/r1', '/tmp/out');
 * @throws OnnxExportError naming the nodes that cannot be written.
 */
export async function writeOnnx(source: ExportSource, outDir: string, options: { python?: string } = {}): Promise<ExportResult> {
  const isRun = typeof source === 'string';
  const graph: GraphDoc = isRun ? await runGraph(source) : source;
  assertOnnxExportable(graph);
  const module = generateTorchModule(graph);
  const origin = isRun ? await runWeights(source, graph, module, options.python) : await designWeights(graph, module);
  const metadata = { design: graph.name, weights: describeWeights(origin), ...(isRun ? await runMetadataText(source) : {}) };
  const bytes = buildOnnxModel(graph, origin.weights, {
    metadata,
    docString: `${graph.name}: input N×C×H×W floats normalised as in the preprocessing metadata; output class probabilities.`,
  });
  await mkdir(outDir, { recursive: true });
  await atomicWrite(path.join(outDir, ONNX_FILE), bytes);
  const copied = isRun ? await copyRunMetadata(source, outDir) : [];
  const page = canHaveWebPage(copied) ? await writeOnnxWebPage(outDir, webPageInfo(graph)) : [];
  const files = [ONNX_FILE, ...copied, ...page.filter((f) => !copied.includes(f))];
  files.push(await writeModelCard(outDir, 'onnx', isRun ? await readRunFacts(source) : designFacts(graph), { webPage: page.length > 0 }));
  return { outDir, files, trained: origin.trained, engine: origin.engine };
}
