import type { ImportModelOptions } from '../../src/service/api';

/** The Import dialog's fields as typed; blank ones leave the choice to the file or the importer's defaults. */
export interface ImportForm {
  path: string;
  name: string;
  /** Per-channel values in 0..1, separated by commas or spaces. */
  mean: string;
  std: string;
  height: string;
  width: string;
  /** Class names, one a line, in output order. */
  labels: string;
}

export const EMPTY_IMPORT_FORM: ImportForm = { path: '', name: '', mean: '', std: '', height: '', width: '', labels: '' };

/** Normalisations offered as one click each. */
export const NORMALISATIONS = [
  { id: 'imagenet', title: 'ImageNet', hint: 'torchvision and most ImageNet models', mean: '0.485, 0.456, 0.406', std: '0.229, 0.224, 0.225' },
  { id: 'symmetric', title: '−1 … 1', hint: 'pixels scaled to −1..1 (Inception, MobileNet in TF)', mean: '0.5, 0.5, 0.5', std: '0.5, 0.5, 0.5' },
  { id: 'unit', title: '0 … 1', hint: 'pixels as they are, 0..1', mean: '0, 0, 0', std: '1, 1, 1' },
] as const;

export type ImportProblems = Partial<Record<keyof ImportForm, string>>;

/** Class names from a labels file: a JSON array of names, or one name a line (blank lines skipped). */
export function parseLabels(text: string): string[] {
  if (text.trimStart().startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new Error(`expected a JSON array of class names: ${(error as Error).message}`);
    }
    if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string')) throw new Error('expected a JSON array of class names (strings)');
    return parsed;
  }
  return text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
}

function perChannel(text: string, what: string, positive: boolean): number[] | string {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  const values = parts.map(Number);
  if (parts.length < 1 || parts.length > 4) return `expected 1 to 4 ${what} values (one per channel), got ${parts.length}`;
  const bad = parts.find((_, i) => !Number.isFinite(values[i]) || (positive && values[i] <= 0));
  if (bad !== undefined) return `expected ${positive ? 'positive ' : ''}numbers, got “${bad}”`;
  return values;
}

function side(text: string): number | string | null {
  if (!text.trim()) return null;
  const value = Number(text);
  return Number.isInteger(value) && value >= 1 && value <= 4096 ? value : `expected a whole number of pixels from 1 to 4096, got “${text.trim()}”`;
}

/**
 * What to send to `importModel(path, options)`, or the problems by field. Mean and std go together;
 * a height alone is a square input.
 * @example importRequest({ ...EMPTY_IMPORT_FORM, path: 'resnet18.onnx', height: '96' }) // { path: 'resnet18.onnx', options: { size: [96, 96] } }
 */
export function importRequest(form: ImportForm): { path: string; options: ImportModelOptions } | { problems: ImportProblems } {
  const problems: ImportProblems = {};
  const options: ImportModelOptions = {};
  const path = form.path.trim();
  if (!path) problems.path = 'choose an ONNX file or a TF.js model.json';
  if (form.name.trim()) options.name = form.name.trim();

  const hasMean = form.mean.trim() !== '';
  const hasStd = form.std.trim() !== '';
  if (hasMean !== hasStd) problems[hasMean ? 'std' : 'mean'] = 'give the mean and the std together, or neither';
  else if (hasMean) {
    const mean = perChannel(form.mean, 'mean', false);
    const std = perChannel(form.std, 'std', true);
    if (typeof mean === 'string') problems.mean = mean;
    if (typeof std === 'string') problems.std = std;
    if (typeof mean !== 'string' && typeof std !== 'string') {
      if (mean.length !== std.length) problems.std = `expected as many values as the mean (${mean.length}), got ${std.length}`;
      else Object.assign(options, { mean, std });
    }
  }

  const height = side(form.height);
  const width = side(form.width);
  if (typeof height === 'string') problems.height = height;
  if (typeof width === 'string') problems.width = width;
  if (typeof height === 'number' || typeof width === 'number') {
    if (height === null) problems.height = 'give the height too';
    else if (typeof height === 'number' && typeof width !== 'string') options.size = [height, typeof width === 'number' ? width : height];
  }

  if (form.labels.trim()) {
    try {
      options.labels = parseLabels(form.labels);
    } catch (error) {
      problems.labels = (error as Error).message;
    }
  }
  return Object.keys(problems).length ? { problems } : { path, options };
}
