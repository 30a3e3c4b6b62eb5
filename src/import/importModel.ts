import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ImportNote } from '../contract/apiTypes';
import type { PreprocessSpec } from '../data/spec';
import { inferGraph } from '../shapes/infer';
import type { DesignBuilder, ImportedWeight } from './design';
import { ImportError } from './errors';
import { mapOnnx } from './onnx/mapOnnx';
import { readOnnxModel } from './onnx/readModel';
import { mapLayers } from './tfjs/mapLayers';
import { readLayersModel } from './tfjs/readLayersModel';
import { toGraphDoc } from './toGraph';
import type { GraphDoc } from '../graph/types';
import type { ImportInfo } from './writeImported';

/** What the user may say that the model file does not. */
export interface ImportOptions {
  /** The design's name; defaults to the file's name. */
  name?: string;
  mean?: number[];
  std?: number[];
  /** Input height and width, for files whose input size is symbolic. */
  size?: [number, number];
  /** Class names in output order. */
  labels?: string[];
}

/** A model mapped onto a design, ready for `writeImportedRun`. */
export interface ImportedModel {
  graph: GraphDoc;
  weights: ReadonlyMap<string, ImportedWeight>;
  labels: string[];
  spec: PreprocessSpec;
  info: ImportInfo;
  summary: ImportSummary;
}

export interface ImportSummary {
  name: string;
  nodes: number;
  trainableParams: number;
  nonTrainableParams: number;
  classes: number;
  notes: ImportNote[];
}

export const IMAGENET_MEAN = [0.485, 0.456, 0.406];
export const IMAGENET_STD = [0.229, 0.224, 0.225];

/** Why an imported count can be below the original network's (torchvision's resnet18: 11,689,512; the file: 11,684,712). */
export const FOLDED_BATCH_NORM =
  'the exporter folded each BatchNorm into the convolution before it, so the file has fewer parameters than the original network: ' +
  'a BatchNorm\'s scale and shift (2 per channel) became that convolution\'s bias (1 per channel); the outputs are the same';

/**
 * When every convolution of such a file is followed by a ReLU (Inception-v3, GoogLeNet): each comes back as a
 * ConvBNReLU block, its BatchNorm set to compute nothing, so the count is the original network's again.
 */
export const UNFOLDED_BATCH_NORM =
  'the exporter folded each BatchNorm into the convolution before it; every convolution is followed by a ReLU, so each came back as a ConvBNReLU block ' +
  'whose BatchNorm leaves the values as they are (scale 1, shift = the folded bias, mean 0, variance 1 − eps): the outputs are the same, ' +
  'and fine-tuning trains the BatchNorm as the original network did';

/** Reads a labels file: one class name per line, or a JSON array of names. */
export async function readLabelsFile(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch((error: Error) => {
    throw new ImportError(`cannot read labels file ${file}: ${error.message}`);
  });
  if (text.trimStart().startsWith('[')) {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string')) throw new ImportError(`${file}: expected a JSON array of class names`);
    return parsed;
  }
  return text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
}

function preprocessing(channels: number, h: number, w: number, options: ImportOptions, notes: ImportNote[]): PreprocessSpec {
  if (channels !== 1 && channels !== 3 && channels !== 4) throw new ImportError(`the model takes ${channels} channels; 1, 3 or 4 are supported`);
  let mean = options.mean;
  let std = options.std;
  if (!mean || !std) {
    if (channels === 3) {
      notes.push({ text: `the file does not say how images are normalised: using ImageNet's mean ${IMAGENET_MEAN.join(',')} and std ${IMAGENET_STD.join(',')}`, option: 'normalisation' });
      mean ??= IMAGENET_MEAN;
      std ??= IMAGENET_STD;
    } else {
      notes.push({ text: 'the file does not say how images are normalised: using mean 0 and std 1', option: 'normalisation' });
      mean ??= Array(channels).fill(0);
      std ??= Array(channels).fill(1);
    }
  }
  if (mean.length !== channels || std.length !== channels) throw new ImportError(`the mean and std need ${channels} value(s) each, one per channel; got ${mean.length} and ${std.length}`);
  if (std.some((s) => !(s > 0))) throw new ImportError(`every std value must be above 0; got ${std.join(',')}`);
  return { height: h, width: w, channels, resize: 'crop', mean, std };
}

/** Maps a model file (ONNX, or a TF.js layers model.json) onto a design with its weights. */
async function mapFile(file: string, options: ImportOptions): Promise<{ design: DesignBuilder; format: ImportInfo['format']; notes: ImportNote[] }> {
  if (/\.onnx$/i.test(file)) {
    const model = await readOnnxModel(file);
    const mapped = mapOnnx(model, file, { size: options.size });
    const notes: ImportNote[] = mapped.sizeFrom === 'default' ? [{ text: 'the file does not fix its input size: using 224×224', option: 'size' }] : [];
    if (mapped.recognised.foldedBatchNorm) notes.push({ text: UNFOLDED_BATCH_NORM });
    else if (mapped.foldedBatchNorm) notes.push({ text: FOLDED_BATCH_NORM });
    return { design: mapped.design, format: 'onnx', notes };
  }
  if (/\.json$/i.test(file)) {
    const { design, notes } = mapLayers(await readLayersModel(file));
    return { design, format: 'tfjs', notes: notes.map((text) => ({ text })) };
  }
  throw new ImportError(`${file}: expected an ONNX file (.onnx) or a TF.js layers model (model.json)`);
}

/**
 * Maps a model file onto a design with its weights, preprocessing and labels. Refuses the whole file when
 * any operator does not map; `writeImportedRun` then stores it as a finished run.
 */
export async function importModel(file: string, options: ImportOptions = {}): Promise<ImportedModel> {
  const { design, format, notes } = await mapFile(file, options);
  const name = options.name?.trim() || (/\.json$/i.test(file) ? path.basename(path.dirname(path.resolve(file))) : path.basename(file).replace(/\.onnx$/i, ''));
  const graph = toGraphDoc(design, name);
  const inference = inferGraph(graph);
  const input = graph.nodes.find((n) => n.kind === 'Input')!;
  const spec = preprocessing(input.params.channels as number, input.params.height as number, input.params.width as number, options, notes);
  const classes = inference.output?.[0] ?? 0;
  let labels = options.labels;
  if (!labels) {
    notes.push({ text: `the file has no class names: numbering them 0 to ${classes - 1}`, option: 'labels' });
    labels = Array.from({ length: classes }, (_, i) => String(i));
  }
  if (labels.length !== classes) throw new ImportError(`${labels.length} labels given; the model outputs ${classes} classes`);
  return {
    graph, weights: design.weights, labels, spec,
    info: { format, source: path.resolve(file), notes: notes.map((n) => n.text) },
    summary: { name, nodes: graph.nodes.length, classes, notes, trainableParams: inference.totals.trainable, nonTrainableParams: inference.totals.nonTrainable },
  };
}
