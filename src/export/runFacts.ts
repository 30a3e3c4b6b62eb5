import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PreprocessSpec } from '../data/spec';
import { parseGraph } from '../graph/schema';
import type { GraphDoc } from '../graph/types';
import { formatGraphError } from '../contract/graphErrors';

/** The parts of a run's report.json a model card shows (both engines write these fields). */
export interface RunReport {
  status?: string;
  engine?: string;
  backend?: string | null;
  epochsDone?: number;
  bestEpoch?: number | null;
  bestValAccuracy?: number | null;
  seconds?: number;
  counts?: { name: string; train: number; validation: number }[];
  validation?: {
    count: number;
    accuracy: number;
    top5: number;
    loss: number;
    perClass?: { name?: string; precision: number | null; recall: number | null; support?: number }[];
  } | null;
}

/** The parts of a run's config.json a model card shows. */
export interface RunConfig {
  engine?: string;
  epochs?: number;
  batchSize?: number;
  seed?: number;
  data?: { dir?: string; valDir?: string | null; validationFraction?: number; resize?: string };
}

/** What a model card says about a design, and about the run that trained it when there is one. */
export interface RunFacts {
  graph: GraphDoc;
  /** The run's id (its folder's name); null for a design exported without training. */
  runId: string | null;
  config: RunConfig | null;
  report: RunReport | null;
  labels: string[] | null;
  preprocessing: PreprocessSpec | null;
}

async function readOptional<T>(file: string): Promise<T | null> {
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

/**
 * Reads what a card needs from a run folder (graph.json, config.json, report.json, model/labels.json,
 * model/preprocessing.json); a missing or unreadable file leaves its part null.
 * @throws Error when graph.json is missing or not a valid design.
 */
export async function readRunFacts(runDir: string): Promise<RunFacts> {
  const graphFile = path.join(runDir, 'graph.json');
  const parsed = parseGraph(await readOptional<unknown>(graphFile));
  if (!parsed.ok) throw new Error(`${graphFile}: ${formatGraphError(parsed.errors[0])}`);
  const model = path.join(runDir, 'model');
  const [config, report, labels, preprocessing] = await Promise.all([
    readOptional<RunConfig>(path.join(runDir, 'config.json')),
    readOptional<RunReport>(path.join(runDir, 'report.json')),
    readOptional<string[]>(path.join(model, 'labels.json')),
    readOptional<PreprocessSpec>(path.join(model, 'preprocessing.json')),
  ]);
  return { graph: parsed.graph, runId: path.basename(path.resolve(runDir)), config, report, labels: labels ?? report?.counts?.map((c) => c.name) ?? null, preprocessing };
}

/** The facts of a design exported without a run. */
export const designFacts = (graph: GraphDoc): RunFacts => ({ graph, runId: null, config: null, report: null, labels: null, preprocessing: null });
