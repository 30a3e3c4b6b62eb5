import type { PreprocessSpec } from '../data/spec';
import { inferGraph } from '../shapes/infer';
import { showsTopFive } from '../contract/evaluation';
import type { RunFacts } from './runFacts';

/** `20586` → `20,586`. */
const thousands = (n: number): string => Math.round(n).toLocaleString('en-US');
/** `229_200_000` → `229.2 M`. */
const compact = (n: number): string => (n >= 1e9 ? `${(n / 1e9).toFixed(2)} G` : n >= 1e6 ? `${(n / 1e6).toFixed(1)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : String(n));
const percent = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)} %`);
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
/** A Markdown table: the first row is the header; the first `textColumns` columns are text, the rest numbers (right-aligned). */
const tableOf = (rows: string[][], textColumns = 1): string =>
  [rows[0], rows[0].map((_, i) => (i < textColumns ? '---' : '---:')), ...rows.slice(1)].map((r) => `| ${r.map(cell).join(' | ')} |`).join('\n');

/** Whether the model's output is already probabilities (the design ends in Softmax / Output) or logits. */
export function outputIsProbabilities(facts: RunFacts): boolean {
  const id = inferGraph(facts.graph).outputNodeId;
  return facts.graph.nodes.find((n) => n.id === id)?.kind === 'Output';
}

/** Layers, parameters, MACs, input and output of the design, with the per-node table. */
export function designSection(facts: RunFacts): string {
  const inference = inferGraph(facts.graph);
  const input = facts.graph.nodes.find((n) => n.kind === 'Input');
  const inputShape = input ? inference.nodes.get(input.id)?.shape : null;
  const rows = [['node', 'kind', 'output (C×H×W)', 'params', 'MACs']];
  const kinds = new Map(facts.graph.nodes.map((n) => [n.id, n.kind]));
  for (const id of inference.order) {
    const node = inference.nodes.get(id)!;
    rows.push([id, kinds.get(id) ?? '', node.shape ? node.shape.join('×') : '—', thousands(node.counts.trainable + node.counts.nonTrainable), compact(node.counts.macs)]);
  }
  const t = inference.totals;
  return [
    '## Design',
    '',
    `- Input: ${inputShape ? inputShape.join('×') : '—'} (channels × height × width)`,
    `- Output: ${inference.output ? inference.output.join('×') : '—'} ${outputIsProbabilities(facts) ? 'probabilities (the design ends in Softmax / Output)' : 'class scores (logits; apply softmax for probabilities)'}`,
    `- Layers: ${facts.graph.nodes.length} nodes`,
    `- Parameters: ${thousands(t.trainable)} trainable, ${thousands(t.nonTrainable)} non-trainable (BatchNorm statistics)`,
    `- Multiply-accumulates per image: ${compact(t.macs)} (${thousands(t.macs)})`,
    '',
    tableOf(rows, 2),
  ].join('\n');
}

/** The folder, classes, counts and split the run trained on. */
export function dataSection(facts: RunFacts): string | null {
  const data = facts.config?.data;
  const counts = facts.report?.counts;
  if (!data && !counts && !facts.labels) return null;
  const lines = ['## Data', ''];
  if (data?.dir) lines.push(`- Folder: \`${data.dir}\` (one sub-folder per class)`);
  if (data?.valDir) lines.push(`- Validation: the separate folder \`${data.valDir}\``);
  else if (data) lines.push(`- Validation: ${percent(data.validationFraction ?? 0.2)} of each class held out (a seeded split${facts.config?.seed !== undefined ? `, seed ${facts.config.seed}` : ''}; the same images every run)`);
  if (counts?.length) {
    const train = counts.reduce((s, c) => s + c.train, 0);
    const validation = counts.reduce((s, c) => s + c.validation, 0);
    lines.push(`- Images: ${thousands(train)} training, ${thousands(validation)} validation, in ${counts.length} classes`, '');
    lines.push(tableOf([['class', 'training', 'validation'], ...counts.map((c) => [c.name, String(c.train), String(c.validation)])]));
  } else if (facts.labels) {
    lines.push(`- Classes (${facts.labels.length}): ${facts.labels.join(', ')}`);
  }
  return lines.join('\n');
}

/** The final validation metrics of the run, with precision and recall per class. */
export function metricsSection(facts: RunFacts): string | null {
  const report = facts.report;
  if (!report) return null;
  const config = facts.config;
  const engine = (report.engine ?? config?.engine) === 'torch' ? 'PyTorch' : 'TF.js';
  const lines = ['## Training and metrics', ''];
  lines.push(`- Engine: ${engine}${report.backend ? ` (${report.backend})` : ''}; ${report.epochsDone ?? '?'} of ${config?.epochs ?? '?'} epochs${config?.batchSize ? `, batch ${config.batchSize}` : ''}; status ${report.status ?? 'unknown'}${report.seconds ? `; ${Math.round(report.seconds)} s` : ''}`);
  if (report.bestEpoch !== null && report.bestEpoch !== undefined) lines.push(`- Weights: those of epoch ${report.bestEpoch + 1}, the lowest validation loss`);
  const v = report.validation;
  if (!v) {
    lines.push('- No validation metrics (no validation images, or the run did not finish).');
    return lines.join('\n');
  }
  const heldOut = facts.report?.counts?.reduce((s, c) => s + c.validation, 0) ?? v.count;
  const images = heldOut > v.count ? `${thousands(v.count)} of the ${thousands(heldOut)} held-out images (${thousands(heldOut - v.count)} could not be read)` : `${thousands(v.count)} images`;
  const topFive = showsTopFive(v.perClass?.length ?? facts.labels?.length ?? 0) ? `, top-5 ${percent(v.top5)}` : '';
  lines.push(`- Validation on ${images}: accuracy ${percent(v.accuracy)}${topFive}, loss ${v.loss.toFixed(4)}`);
  if (v.perClass?.length) {
    lines.push('', tableOf([['class', 'precision', 'recall', 'images'], ...v.perClass.map((c, i) => [c.name ?? facts.labels?.[i] ?? String(i), percent(c.precision), percent(c.recall), c.support === undefined ? '' : String(c.support)])]));
  }
  return lines.join('\n');
}

/** How an image becomes the network's input, step by step, from preprocessing.json. */
export function preprocessingSection(spec: PreprocessSpec | null): string | null {
  if (!spec) return null;
  const colour =
    spec.channels === 1
      ? 'greyscale: Rec. 709 luminance in linear light, encoded back to sRGB (libvips `b-w`, what sharp gives and the TF.js engine trains on; Pillow\'s `convert("L")`, used by the PyTorch engine and the Python snippets below, weighs encoded values by Rec. 601 instead: the same on grey images, slightly different on coloured ones)'
      : spec.channels === 3
        ? 'sRGB, alpha dropped'
        : 'sRGB with alpha (opaque when the image has none)';
  return [
    '## Preprocessing (`preprocessing.json`)',
    '',
    `1. Resize to ${spec.width}×${spec.height} (width × height): ${spec.resize === 'crop' ? 'scale to cover, then crop the centre (keeps the aspect ratio)' : 'stretch each axis to fit'}.`,
    `2. Channels: ${spec.channels}, ${colour}.`,
    `3. Values: 8-bit levels v become (v / 255 − mean[c]) / std[c] with mean ${JSON.stringify(spec.mean)} and std ${JSON.stringify(spec.std)}.`,
    '4. Layout: TF.js takes N×H×W×C; ONNX and PyTorch take N×C×H×W.',
  ].join('\n');
}
