import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { atomicWrite } from '../io/atomicWrite';
import { DataError } from './errors';
import { SKIP_CODES } from './report';
import { scanImageFolder, withClassOrder } from './scan';
import { splitDataset, splitWithValidationFolder } from './split';

/** The file in a run folder that fixes the run's train and validation images, for every engine. */
export const RUN_SPLIT_FILE = 'split.json';

/** What `splitDataset` does, in words (report.json's `split.method`). */
export const FRACTION_METHOD =
  "per class: Fisher-Yates shuffle with mulberry32(deriveSeed(seed, 'split', class)), hold out round(n × fraction) (at least one image stays for training)";
export const FOLDER_METHOD = 'separate validation folder';

const sampleSchema = z.object({ path: z.string().min(1), label: z.number().int().min(0) }).strict();
const skippedSchema = z.object({ path: z.string().min(1), code: z.enum(SKIP_CODES), reason: z.string() }).strict();

const methodSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('fraction'),
      description: z.string(),
      dir: z.string().min(1),
      validationFraction: z.number().min(0).lt(1),
      seed: z.number().int().min(0),
    })
    .strict(),
  z.object({ kind: z.literal('folder'), description: z.string(), dir: z.string().min(1), valDir: z.string().min(1) }).strict(),
]);

/** A run's split as `split.json` holds it: absolute paths, labels indexing `classes`. */
export const runSplitSchema = z
  .object({
    version: z.literal(1),
    /** How the lists were made, and from which options (a split made from other options is not this run's). */
    method: methodSchema,
    /** Class names; a class's index is its label. */
    classes: z.array(z.string().min(1)),
    /** Class folders without a usable image (left out of `classes`). */
    emptyClasses: z.array(z.string()),
    train: z.array(sampleSchema),
    validation: z.array(sampleSchema),
    /** Files the scans left out, with the reason. */
    skipped: z.array(skippedSchema),
  })
  .strict()
  .superRefine((split, ctx) => {
    for (const side of ['train', 'validation'] as const) {
      split[side].forEach((sample, i) => {
        const at = [side, i];
        if (sample.label >= split.classes.length) ctx.addIssue({ code: 'custom', path: [...at, 'label'], message: `label ${sample.label} but only ${split.classes.length} classes` });
        if (!path.isAbsolute(sample.path)) ctx.addIssue({ code: 'custom', path: [...at, 'path'], message: `${sample.path} is not an absolute path` });
      });
    }
  });

export type RunSplit = z.infer<typeof runSplitSchema>;

/** The data options a split is made from (a run config's `data` and `seed`). */
export interface RunSplitOptions {
  dir: string;
  /** A separate validation folder; otherwise `validationFraction` of each class is held out. */
  valDir?: string | null;
  /** Default 0.2. */
  validationFraction?: number;
  /** Default 0. */
  seed?: number;
  /** A resumed run's recorded class order (its start event), kept where today's order differs. */
  classOrder?: readonly string[];
}

/** The split options of a run config (`config.data` and `config.seed`). */
export function splitOptionsOf(config: { data: { dir: string; valDir?: string | null; validationFraction?: number }; seed?: number }): RunSplitOptions {
  return { dir: config.data.dir, valDir: config.data.valDir, validationFraction: config.data.validationFraction, seed: config.seed };
}

function methodOf(options: RunSplitOptions): RunSplit['method'] {
  const dir = path.resolve(options.dir);
  if (options.valDir) return { kind: 'folder', description: FOLDER_METHOD, dir, valDir: path.resolve(options.valDir) };
  return { kind: 'fraction', description: FRACTION_METHOD, dir, validationFraction: options.validationFraction ?? 0.2, seed: options.seed ?? 0 };
}

/**
 * Scans the image folder (content-checked) and splits it: a separate validation folder, or a stratified
 * seeded share of each class (`splitDataset`). Both engines train on these lists.
 * @example const split = await splitForRun({ dir: '/data/pets', validationFraction: 0.2, seed: 7 });
 * @throws DataError when a folder is missing or has no class folders, or the fraction is out of range.
 */
export async function splitForRun(options: RunSplitOptions): Promise<RunSplit> {
  const found = await scanImageFolder(options.dir);
  const scan = options.classOrder ? withClassOrder(found, options.classOrder) : found;
  const split = options.valDir
    ? await splitWithValidationFolder(scan, options.valDir)
    : splitDataset(scan, { validationFraction: options.validationFraction, seed: options.seed });
  return {
    version: 1,
    method: methodOf(options),
    classes: split.classes,
    emptyClasses: scan.emptyClasses,
    train: split.train,
    validation: split.validation,
    skipped: [...scan.skipped, ...split.skipped],
  };
}

/** True when the split was made from these options (same folders, and for a share the same fraction and seed). */
export function splitMatches(split: RunSplit, options: RunSplitOptions): boolean {
  const wanted = methodOf(options);
  const { description: _a, ...made } = split.method;
  const { description: _b, ...asked } = wanted;
  return JSON.stringify(made) === JSON.stringify(asked);
}

/** Where a run folder keeps its split. */
export function runSplitPath(runDir: string): string {
  return path.join(runDir, RUN_SPLIT_FILE);
}

/** One sample or skipped file a line: a 60,000-image folder stays a few MB, and the file still reads in a diff. */
function formatRunSplit(split: RunSplit): string {
  const list = (items: readonly object[]) => (items.length ? `[\n${items.map((item) => JSON.stringify(item)).join(',\n')}\n]` : '[]');
  const { train, validation, skipped, ...head } = split;
  const fields = [...Object.entries(head).map(([key, value]) => `${JSON.stringify(key)}: ${JSON.stringify(value)}`),
    `"train": ${list(train)}`, `"validation": ${list(validation)}`, `"skipped": ${list(skipped)}`];
  return `{\n${fields.join(',\n')}\n}\n`;
}

/** Writes `split.json` into the run folder (created when missing), atomically. */
export async function writeRunSplit(runDir: string, split: RunSplit): Promise<void> {
  await mkdir(runDir, { recursive: true });
  await atomicWrite(runSplitPath(runDir), formatRunSplit(split));
}

/**
 * The run folder's `split.json`; null when the run has none (a run from before split.json).
 * @throws DataError when the file is there but unreadable or not a split.
 */
export async function readRunSplit(runDir: string): Promise<RunSplit | null> {
  const file = runSplitPath(runDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new DataError(`${file} cannot be read: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DataError(`${file} is not JSON: ${(error as Error).message}`);
  }
  const parsed = runSplitSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DataError(`${file} is not a run's split: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

/**
 * The run's split, fixed once: its `split.json` when that was made from these options (a resume, or written
 * by the host before the engine started), else computed now and written there.
 */
export async function ensureRunSplit(runDir: string, options: RunSplitOptions): Promise<RunSplit> {
  const recorded = await readRunSplit(runDir);
  if (recorded && splitMatches(recorded, options)) return recorded;
  const split = await splitForRun(options);
  await writeRunSplit(runDir, split);
  return split;
}
