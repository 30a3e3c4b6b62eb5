import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { DataError } from '../data';
import { formatGraphError } from '../contract/graphErrors';
import { splitForRun, splitOptionsOf, writeRunSplit, type RunSplit } from '../data/runSplit';
import { parseGraph } from '../graph/schema';
import type { GraphDoc } from '../graph/types';
import { inferGraph } from '../shapes/infer';
import { resizePhasesProblem } from '../shapes/resizePhases';
import { parseTorchTrainConfig, type TorchTrainConfig } from '../contract/runConfig';
import { runEngine } from '../torch/runWeights';
import { sourcePreprocessing } from '../torch/initWeights';
import { fitToClasses, inputOf } from '../shapes/classes';
import { parseTrainConfig, type TrainConfig } from '../contract/runConfig';
import { readJson, runPaths, writeJson } from '../io/runFolder';
import { readMetrics } from '../io/metricsFile';
import type { EngineChoice } from './api';
import { ApiError, ERROR_CODES } from './errors';
import type { PathPolicy } from './paths';
import { resolveEngine } from './resolveEngine';
import { trainedRunDir } from './runDirs';
import { listRunIds, newRunId, runsDir } from './runs';

interface PlanOf<E extends 'tfjs' | 'torch', C> {
  runId: string;
  runDir: string;
  engine: E;
  /** The design as it trains (its classifier fitted to the classes when asked), as written to graph.json. */
  graph: GraphDoc;
  /** The options as written to config.json: defaults filled, data folders resolved. */
  config: C;
  /** The dataset's class names, in label order. */
  classes: string[];
  fixClasses: boolean;
  /** The run (or imported model) whose weights the run starts from; null for fresh weights. */
  init: { run: string; runDir: string } | null;
  resume: false;
}

/** The engine that trains a run and its options. */
type EngineConfig = Pick<PlanOf<'tfjs', TrainConfig>, 'engine' | 'config'> | Pick<PlanOf<'torch', TorchTrainConfig>, 'engine' | 'config'>;

/** A new run, prepared once: its folder holds graph.json and config.json; an engine only trains it. */
export type RunPlan = PlanOf<'tfjs', TrainConfig> | PlanOf<'torch', TorchTrainConfig>;

interface ResumeOf<E extends 'tfjs' | 'torch', C> extends Omit<PlanOf<E, C>, 'resume' | 'classes' | 'fixClasses' | 'init'> {
  /** The class order the run recorded in its `start` event; null when it never started. */
  classes: string[] | null;
  resume: true;
}

/** A run to continue from its last checkpoint: its folder read back, for the engine that trained it. */
export type ResumePlan = ResumeOf<'tfjs', TrainConfig> | ResumeOf<'torch', TorchTrainConfig>;

/** What preparation needs from the service: the workspace, the folders the user allowed, and "Automatic"'s choice. */
export interface RunPreparation {
  workspace: string;
  paths: PathPolicy;
  /** What "Automatic" picks for the design being trained. */
  chooseEngine: (graph: GraphDoc) => Promise<EngineChoice>;
}

/** A design that parses and infers without errors, or the API error that says what to fix. */
export function checkedDesign(graphValue: unknown): GraphDoc {
  const parsed = parseGraph(graphValue);
  if (!parsed.ok) throw new ApiError(ERROR_CODES.INVALID_GRAPH, `the design is invalid: ${formatGraphError(parsed.errors[0])}`);
  const e = inferGraph(parsed.graph).errors[0];
  if (e) throw new ApiError(ERROR_CODES.INVALID_GRAPH, `fix the design first: ${formatGraphError(e)}`);
  return parsed.graph;
}

/** Parses run options, an error becoming the API's BAD_REQUEST. */
export function checkedConfig<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new ApiError(ERROR_CODES.BAD_REQUEST, (error as Error).message);
  }
}

/** The config with its data folders resolved, refused when outside the allowed roots. */
export async function withAllowedData<T extends { data: { dir: string; valDir?: string | null } }>(paths: PathPolicy, config: T): Promise<T> {
  config.data.dir = await paths.resolveFolder(config.data.dir);
  if (config.data.valDir) config.data.valDir = await paths.resolveFolder(config.data.valDir);
  return config;
}

/**
 * Prepares a new run once, for whichever engine trains it: checks the design, picks the engine, checks the
 * options, resolves the data folders and the run fine-tuning starts from (and its normalisation), fits the
 * design's classifier to the dataset's classes (or refuses), then creates the run folder with graph.json and
 * config.json. Engines train the plan without checking any of it again.
 * @throws ApiError INVALID_GRAPH (the design), BAD_REQUEST (options, class count, init run), FORBIDDEN, NOT_FOUND.
 */
export async function prepareRun(context: RunPreparation, graphValue: unknown, configValue: unknown, fixClasses = false): Promise<RunPlan> {
  const design = checkedDesign(graphValue);
  const chosen = engineConfig(await resolveEngine(configValue, () => context.chooseEngine(design)));
  await withAllowedData(context.paths, chosen.config);
  const init = chosen.config.init ? { run: chosen.config.init.run, runDir: await trainedRunDir(context.workspace, chosen.config.init.run) } : null;
  const existing = new Set(await listRunIds(context.workspace));
  const runId = newRunId(design.name, new Date(), (id) => existing.has(id));
  return prepareChosen(path.join(runsDir(context.workspace), runId), runId, design, chosen, init, fixClasses);
}

/**
 * `prepareRun` for a run folder the caller names, outside any workspace (tests and benchmarks):
 * the same preparation, with the engine given (`engine`, TF.js when absent), data folders taken as they are
 * (resolved against the working directory) and `init.runDir` given instead of looked up.
 * @throws ApiError INVALID_GRAPH, BAD_REQUEST (options, `engine: "auto"`, class count, init without its folder).
 */
export async function prepareRunIn(runDir: string, graphValue: unknown, configValue: unknown, fixClasses = false): Promise<RunPlan> {
  const design = checkedDesign(graphValue);
  if ((configValue as { engine?: unknown } | null)?.engine === 'auto') {
    throw new ApiError(ERROR_CODES.BAD_REQUEST, 'engine "auto" is picked by the service (prepareRun); name the engine here');
  }
  const chosen = engineConfig((configValue ?? {}) as { engine?: unknown });
  const { data, init } = chosen.config;
  data.dir = path.resolve(data.dir);
  if (data.valDir) data.valDir = path.resolve(data.valDir);
  if (init && !init.runDir) throw new ApiError(ERROR_CODES.BAD_REQUEST, `init.runDir: the folder of ${init.run} is needed here (the service looks it up)`);
  const dir = path.resolve(runDir);
  return prepareChosen(dir, path.basename(dir), design, chosen, init ? { run: init.run, runDir: path.resolve(init.runDir!) } : null, fixClasses);
}

/** The options checked for the engine they name (TF.js unless `engine: "torch"`). */
function engineConfig(resolved: { engine?: unknown }): EngineConfig {
  return resolved.engine === 'torch'
    ? { engine: 'torch', config: checkedConfig(() => parseTorchTrainConfig(resolved)) }
    : { engine: 'tfjs', config: checkedConfig(() => parseTrainConfig(resolved)) };
}

/** What both entries share: the init run's normalisation, the split, the classes, the fitted design and the run folder's files. */
async function prepareChosen(runDir: string, runId: string, design: GraphDoc, chosen: EngineConfig, init: RunPlan['init'], fixClasses: boolean): Promise<RunPlan> {
  const { config } = chosen;
  if (init) {
    config.init = init;
    const source = !config.data.mean && !config.data.std ? await sourcePreprocessing(init.runDir) : null;
    // The copied weights expect the inputs normalised as their own run normalised them (either engine).
    if (source && source.mean.length === inputOf(design).channels) Object.assign(config.data, source);
  }
  const resizeProblem = resizePhasesProblem(design, config.progressiveResize, config.epochs);
  if (resizeProblem) throw new ApiError(ERROR_CODES.BAD_REQUEST, resizeProblem);
  const split = await datasetSplit(chosen);
  const classes = split?.classes ?? syntheticClasses(chosen);
  const graph = fittedToClasses(design, classes, fixClasses);

  const files = runPaths(runDir);
  await mkdir(files.checkpoints, { recursive: true });
  await writeJson(files.graph, graph);
  await writeJson(files.config, config);
  if (split) await writeRunSplit(runDir, split);
  const common = { runId, runDir, graph, classes, fixClasses, init, resume: false as const };
  return chosen.engine === 'torch' ? { ...common, engine: 'torch', config: chosen.config } : { ...common, engine: 'tfjs', config: chosen.config };
}

/**
 * The plan to continue a run: its graph.json and config.json read back for the engine that trained it.
 * @throws ApiError BAD_REQUEST when either file is unreadable.
 */
export async function resumePlan(runId: string, runDir: string): Promise<ResumePlan> {
  const files = runPaths(runDir);
  const problem = (error: unknown) => new ApiError(ERROR_CODES.BAD_REQUEST, `run ${runId} cannot be resumed: ${(error as Error).message}`);
  const parsed = parseGraph(await readJson(files.graph).catch((error: unknown) => Promise.reject(problem(error))));
  if (!parsed.ok) throw problem(new Error(`${files.graph}: ${formatGraphError(parsed.errors[0])}`));
  const raw = await readJson(files.config).catch((error: unknown) => Promise.reject(problem(error)));
  const recorded = (await readMetrics(files.metrics)).find((e) => e.type === 'start');
  const common = { runId, runDir, graph: parsed.graph, classes: recorded?.type === 'start' ? recorded.classes : null, resume: true as const };
  try {
    return (await runEngine(runDir)) === 'torch'
      ? { ...common, engine: 'torch', config: parseTorchTrainConfig(raw) }
      : { ...common, engine: 'tfjs', config: parseTrainConfig(raw) };
  } catch (error) {
    throw problem(error);
  }
}

/** The run's one train/validation split (split.json, read by both engines); null for the PyTorch engine's synthetic data. */
async function datasetSplit(chosen: EngineConfig): Promise<RunSplit | null> {
  if (chosen.engine === 'torch' && chosen.config.torch.synthetic) return null;
  try {
    return await splitForRun(splitOptionsOf(chosen.config));
  } catch (error) {
    if (error instanceof DataError) throw new ApiError(ERROR_CODES.BAD_REQUEST, error.message);
    throw error;
  }
}

/** The class names the PyTorch engine's synthetic data uses. */
function syntheticClasses(chosen: EngineConfig): string[] {
  const synthetic = chosen.engine === 'torch' ? chosen.config.torch.synthetic : null;
  return Array.from({ length: synthetic?.classes ?? 0 }, (_, i) => `class${i}`);
}

/** The design whose output matches the classes: as it is, with its classifier's units set (`fixClasses`), or refused. */
function fittedToClasses(graph: GraphDoc, classes: string[], fixClasses: boolean): GraphDoc {
  const fitted = fitToClasses(graph, classes, fixClasses);
  if (!fitted.ok) throw new ApiError(ERROR_CODES.BAD_REQUEST, fitted.problem.text, fitted.problem.option);
  return fitted.graph;
}
