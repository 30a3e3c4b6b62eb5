import path from 'node:path';
import { atomicWrite } from '../io/atomicWrite';
import { dataSection, designSection, metricsSection, outputIsProbabilities, preprocessingSection } from './cardSections';
import { bundleLoadSection, graphLoadSection, onnxLoadSection, pytorchLoadSection, tfjsLoadSection, tfliteLoadSection } from './loadSnippets';
import type { RunFacts } from './runFacts';

/** The formats a card describes: every export format of the service. */
export type CardFormat = 'tfjs' | 'graph' | 'pytorch' | 'pytorch-bundle' | 'onnx' | 'onnx-int8' | 'tflite' | 'tflite-int8';

const FORMAT_TITLES: Record<CardFormat, string> = {
  tfjs: 'TF.js model',
  graph: 'design (graph JSON)',
  pytorch: 'PyTorch code and weights',
  'pytorch-bundle': 'PyTorch training bundle',
  onnx: 'ONNX model',
  'onnx-int8': 'ONNX model in int8 (QDQ)',
  tflite: 'TFLite model (float32)',
  'tflite-int8': 'TFLite model in full-integer int8',
};

/** What the load section of a card depends on beyond the run. */
export interface CardOptions {
  /** PyTorch code: whether trained weights were written beside net.py. */
  trained?: boolean;
  /** Training bundle: the data folder its job.json names. */
  dataDir?: string;
  /** ONNX: whether the folder holds the onnxruntime-web page (index.html and its runtime files). */
  webPage?: boolean;
  /** Sections the writer of the export adds after the load section (e.g. the bundle's cluster launch files). */
  extraSections?: string[];
}

function loadSection(format: CardFormat, facts: RunFacts, options: CardOptions): string {
  const probabilities = outputIsProbabilities(facts);
  switch (format) {
    case 'tfjs':
      return tfjsLoadSection(true); // the TF.js export appends a softmax to a design that ends in logits
    case 'onnx':
    case 'onnx-int8':
      return onnxLoadSection(options.webPage ?? false);
    case 'tflite':
    case 'tflite-int8':
      return tfliteLoadSection(format === 'tflite-int8');
    case 'pytorch':
      return pytorchLoadSection(options.trained ?? facts.runId !== null, probabilities);
    case 'pytorch-bundle':
      return bundleLoadSection(options.dataDir ?? facts.config?.data?.dir ?? '/path/to/images');
    case 'graph':
      return graphLoadSection();
  }
}

/**
 * The model card of an export: the design, the data and metrics of the run, the preprocessing, and how
 * to load the format written beside it.
 */
export function modelCard(format: CardFormat, facts: RunFacts, options: CardOptions = {}): string {
  const origin = facts.runId ? `run \`${facts.runId}\`` : 'a design (not trained)';
  const sections = [
    `# ${facts.graph.name}`,
    `A ${FORMAT_TITLES[format]} exported by Inception Studio from ${origin}.`,
    designSection(facts),
    dataSection(facts),
    metricsSection(facts),
    // A design-only folder has no preprocessing.json to describe.
    format === 'graph' ? null : preprocessingSection(facts.preprocessing),
    loadSection(format, facts, options),
    ...(options.extraSections ?? []).map((section) => section.trim()),
  ];
  return sections.filter((s): s is string => s !== null).join('\n\n') + '\n';
}

/**
 * Writes `README.md`, the model card, into an export folder.
 * @returns the file written, relative to `dir`.
 * @example await writeModelCard('/exports/run-onnx', 'onnx', await readRunFacts(runDir));
 */
export async function writeModelCard(dir: string, format: CardFormat, facts: RunFacts, options: CardOptions = {}): Promise<string> {
  await atomicWrite(path.join(dir, 'README.md'), modelCard(format, facts, options));
  return 'README.md';
}
