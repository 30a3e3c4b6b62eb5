import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ensureRunSplit, RUN_SPLIT_FILE, splitOptionsOf } from '../data/runSplit';
import { parseGraph } from '../graph/schema';
import type { GraphDoc } from '../graph/types';
import { inferGraph } from '../shapes/infer';
import { classifierNode, fitToClasses, inputOf } from '../shapes/classes';
import { trainEvent, type TrainEvent } from '../contract/events';
import { applyRunSummary } from '../io/reportSummary';
import { atomicWrite } from '../io/atomicWrite';
import { readJson, runPaths, writeJson } from '../io/runFolder';
import { CodegenError, generateTorchModule, type TorchModule } from './codegen';
import { detectTorch } from './detect';
import { frozenModules, hasTrainableWeights } from './frozen';
import { buildJob } from './options';
import { parseTorchTrainConfig, type TorchTrainConfig } from '../contract/runConfig';
import { runnerScript } from './paths';
import { pythonEnv } from './python';
import { WeightsError } from './weights';
import { formatGraphError } from '../contract/graphErrors';

type EndEvent = Extract<TrainEvent, { type: 'end' }>;

/** Why a PyTorch run could not start; `code` is stable for the service to map. */
export class TorchRunError extends Error {
  constructor(readonly code: 'NO_TORCH' | 'CLASS_COUNT' | 'BAD_DESIGN' | 'NOT_A_TORCH_RUN' | 'NO_RUN' | 'INIT', message: string) {
    super(message);
  }
}

/** Options of `startTorchRun`. */
export interface TorchRunOptions {
  /** The run folder (created for a new run). */
  runDir: string;
  /** A new run: the design. Omit graph and config to resume the run in `runDir` from its last checkpoint. */
  graph?: GraphDoc;
  /** A new run: the TF.js engine's options plus `torch` (see `torchOptionsSchema`). */
  config?: unknown;
  /**
   * Set the classifier's units to the dataset's class count instead of failing on a mismatch. With
   * `config.init`: the classifier starts fresh unless the init run was trained on the dataset's classes.
   */
  fixClasses?: boolean;
  /** Every event but `end` as it comes; `end` once the process has exited (and after `beforeEnd`). */
  onEvent?: (event: TrainEvent) => void;
  /** stderr lines and stdout lines that are no event (warnings, tracebacks). */
  onLog?: (line: string) => void;
  /** The interpreter; else the config's `torch.python`, else `detectTorch()`. */
  python?: string;
  /**
   * Runs once the process has exited, before `end` is delivered: a completed or early-stopped run's end may be
   * given back changed (the service writes the run's TF.js copy here, in a job process).
   */
  beforeEnd?: (end: EndEvent) => Promise<EndEvent>;
  /** How long `stop()` waits for the checkpoint before killing (default 120 s). */
  stopGraceMs?: number;
}

export interface TorchRunResult {
  status: EndEvent['status'];
  end: EndEvent;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** The last few KB of stderr. */
  stderr: string;
}

/** A PyTorch training process. */
export interface TorchRun {
  pid: number | undefined;
  /** Asks the runner to stop (SIGTERM: finish the batch, checkpoint, exit); kills it after the grace period. */
  stop(): Promise<TorchRunResult>;
  /** Settles when the process has exited; never rejects (a crash gives a `failed` end). */
  finished: Promise<TorchRunResult>;
}

const now = () => Date.now() / 1000;

/** The files of a PyTorch run beside the shared ones (graph.json, config.json, metrics.jsonl, …). */
export function torchRunPaths(runDir: string) {
  const shared = runPaths(runDir);
  const code = path.join(runDir, 'pytorch');
  return {
    ...shared,
    last: path.join(shared.last, 'checkpoint.pt'),
    best: path.join(shared.best, 'checkpoint.pt'),
    code,
    net: path.join(code, 'net.py'),
    job: path.join(code, 'job.json'),
    /** Fine-tuning: the weights taken from `config.init`'s run, and how many fitted (`InitRecord`). */
    initWeights: path.join(code, 'init.safetensors'),
    initRecord: path.join(code, 'init.json'),
  };
}

/** The classes of the data the run will see, to check the design's classifier before starting. */
async function datasetClasses(config: TorchTrainConfig, runDir: string): Promise<string[]> {
  if (config.torch.synthetic) return Array.from({ length: config.torch.synthetic.classes }, (_, i) => `class${i}`);
  // The run's one split, split.json, which the runner trains on (the TF.js engine's split).
  return (await ensureRunSplit(runDir, splitOptionsOf(config))).classes;
}

/** A new run whose design and options the service's `prepareRun` checked, and whose graph.json and config.json it wrote. */
export interface PreparedTorchRun {
  runDir: string;
  graph: GraphDoc;
  config: TorchTrainConfig;
  /** The dataset's classes, in the order the design was fitted to. */
  classes: readonly string[];
  fixClasses: boolean;
}

/** A direct caller's new run: the design checked against the dataset's classes (fixed when asked), graph.json and config.json written. */
async function prepareNewRun(options: TorchRunOptions, config: TorchTrainConfig): Promise<PreparedTorchRun> {
  let graph = options.graph!;
  const inference = inferGraph(graph);
  if (inference.errors.length) throw new TorchRunError('BAD_DESIGN', new CodegenError(inference.errors).message);
  const classes = await datasetClasses(config, options.runDir);
  const fitted = fitToClasses(graph, classes, options.fixClasses ?? false);
  if (!fitted.ok) throw new TorchRunError('CLASS_COUNT', fitted.problem.text);
  graph = fitted.graph;
  const run = { runDir: options.runDir, graph, config, classes, fixClasses: options.fixClasses ?? false };
  const init = await fineTuningOf(run, options.python);
  if (init?.preprocessing && !config.data.mean && !config.data.std && init.preprocessing.mean.length === inputOf(graph).channels) {
    // The copied weights expect the inputs normalised as their run normalised them.
    config.data.mean = init.preprocessing.mean;
    config.data.std = init.preprocessing.std;
  }
  const paths = torchRunPaths(options.runDir);
  await mkdir(paths.checkpoints, { recursive: true });
  await writeJson(paths.graph, graph);
  await writeJson(paths.config, config);
  await writeFineTuning(paths, init);
  return run;
}

/** The PyTorch side of a new run's fine-tuning: every weight frozen is refused; the initial weights in PyTorch names, when `config.init`. */
async function fineTuningOf(run: PreparedTorchRun, python?: string) {
  const module = generateTorchModule(run.graph);
  const frozen = frozenModules(run.graph, module);
  if (frozen.nodes.length && !hasTrainableWeights(module, frozen)) {
    throw new TorchRunError('BAD_DESIGN', `every node with weights is frozen (${frozen.nodes.join(', ')}); unfreeze some to have something to train`);
  }
  const head = run.fixClasses ? classifierNode(run.graph) : null;
  return run.config.init ? initialWeightsOf(run.config, module, { classes: [...run.classes], head: head && module.attributes[head], python }) : null;
}

async function writeFineTuning(paths: ReturnType<typeof torchRunPaths>, init: Awaited<ReturnType<typeof fineTuningOf>>): Promise<void> {
  if (!init) return;
  await mkdir(paths.code, { recursive: true });
  const { writeInitialWeights } = await import('./initWeights');
  await writeInitialWeights(paths.initWeights, paths.initRecord, init);
}

/** The weights a fine-tuning run starts from (see `initWeights.ts`); errors become `INIT`. */
async function initialWeightsOf(config: TorchTrainConfig, module: TorchModule, o: { classes: string[]; head: string | null; python?: string }) {
  const { initialWeights, InitWeightsError } = await import('./initWeights');
  try {
    const python = o.python ?? config.torch.python ?? (await detectTorch()).python ?? undefined;
    return await initialWeights(config.init!, module.tensors, { ...o, python });
  } catch (error) {
    if (error instanceof InitWeightsError || error instanceof WeightsError) throw new TorchRunError('INIT', `fine-tuning from ${config.init!.run}: ${error.message}`);
    throw error;
  }
}

async function readRun(runDir: string): Promise<{ graph: GraphDoc; config: TorchTrainConfig }> {
  const paths = torchRunPaths(runDir);
  if (!existsSync(paths.graph) || !existsSync(paths.config)) {
    throw new TorchRunError('NO_RUN', `${runDir} is not a run folder: graph.json and config.json are expected there`);
  }
  const parsed = parseGraph(await readJson(paths.graph));
  if (!parsed.ok) throw new TorchRunError('BAD_DESIGN', `${paths.graph}: ${formatGraphError(parsed.errors[0])}`);
  const raw = await readJson<{ engine?: string }>(paths.config);
  const config = parseTorchTrainConfig(raw);
  if (raw.engine !== 'torch') {
    throw new TorchRunError('NOT_A_TORCH_RUN', `${runDir} was trained by the ${raw.engine ?? 'tfjs'} engine; resume it with that engine`);
  }
  return { graph: parsed.graph, config };
}

/** The command line: the runner alone, or under torchrun (`python -m torch.distributed.run`, which matches the interpreter). */
export function runnerCommand(python: string, jobFile: string, config: TorchTrainConfig): string[] {
  const d = config.torch.distributed;
  if (!d) return [python, runnerScript(), jobFile];
  const launch = d.nnodes > 1
    ? ['--nnodes', String(d.nnodes), '--node_rank', String(d.nodeRank), '--rdzv_backend', 'c10d', '--rdzv_endpoint', d.rdzvEndpoint ?? 'localhost:29400']
    : ['--standalone', '--nnodes', '1'];
  if (d.maxRestarts > 0) launch.push('--max_restarts', String(d.maxRestarts));
  // Explicit stream settings: torch 1.13 under Python 3.11 cannot parse the defaults ("0"); stdout is teed,
  // so events arrive prefixed with the worker (`[default0]:`), stderr passes straight through.
  const streams = ['--redirects', '1', '--tee', '1'];
  return [python, '-m', 'torch.distributed.run', ...launch, ...streams, '--nproc_per_node', String(d.nprocPerNode), runnerScript(), jobFile];
}

/**
 * Starts (or resumes) PyTorch training of a run folder in a Python child process. The runner prints
 * one JSON event per line in the TF.js engine's schema; each is validated here before `onEvent` sees it.
 * @example const run = await startTorchRun({ runDir, graph, config: { data: { dir }, engine: 'torch' }, onEvent });
 *          await run.finished;
 * @throws TorchRunError (NO_TORCH, CLASS_COUNT, BAD_DESIGN, NOT_A_TORCH_RUN, NO_RUN, INIT) before anything starts.
 * Fine-tuning: `config.init.runDir` gives the weights to start from (see `initWeights.ts`); nodes with
 * `frozen: true` are not trained.
 */
export async function startTorchRun(options: TorchRunOptions): Promise<TorchRun> {
  const runDir = path.resolve(options.runDir);
  if (!options.graph) {
    const { graph, config } = await readRun(runDir);
    return launch({ runDir, graph, config }, true, options);
  }
  const config = parseTorchTrainConfig({ ...(options.config as object), engine: 'torch' });
  // The runner starts in the run folder: data paths must not depend on this process's cwd.
  config.data.dir = path.resolve(config.data.dir);
  if (config.data.valDir) config.data.valDir = path.resolve(config.data.valDir);
  return launch(await prepareNewRun({ ...options, runDir }, config), false, options);
}

/**
 * Starts PyTorch training of a run the service prepared (`prepareRun`): only the PyTorch side is added
 * (the frozen-nodes check, the initial weights in PyTorch names), then the runner starts.
 * @throws TorchRunError (NO_TORCH, BAD_DESIGN, INIT) before anything starts.
 */
export async function startPreparedTorchRun(run: PreparedTorchRun, options: Omit<TorchRunOptions, 'runDir' | 'graph' | 'config' | 'fixClasses'> = {}): Promise<TorchRun> {
  const prepared = { ...run, runDir: path.resolve(run.runDir) };
  await writeFineTuning(torchRunPaths(prepared.runDir), await fineTuningOf(prepared, options.python));
  return launch(prepared, false, { ...options, runDir: prepared.runDir });
}

/** Resumes a run the service read back (`resumePlan`) from its last checkpoint. @throws TorchRunError NO_TORCH. */
export async function resumePreparedTorchRun(run: Pick<PreparedTorchRun, 'runDir' | 'graph' | 'config'>, options: Omit<TorchRunOptions, 'runDir' | 'graph' | 'config' | 'fixClasses'> = {}): Promise<TorchRun> {
  const runDir = path.resolve(run.runDir);
  return launch({ ...run, runDir }, true, { ...options, runDir });
}

/** Writes net.py and job.json of a run folder whose graph.json and config.json are there, and starts the runner. */
async function launch(run: Pick<PreparedTorchRun, 'runDir' | 'graph' | 'config'>, resume: boolean, options: TorchRunOptions): Promise<TorchRun> {
  const { runDir, graph, config } = run;
  const paths = torchRunPaths(runDir);
  // A run from before split.json gets it now (the TF.js engine's split: its validation images may change).
  if (resume && !config.torch.synthetic) await ensureRunSplit(runDir, splitOptionsOf(config));
  const python = options.python ?? config.torch.python ?? (await detectTorch()).python;
  if (!python) throw new TorchRunError('NO_TORCH', (await detectTorch()).reason ?? 'no Python with torch found');

  const module = generateTorchModule(graph);
  const input = inputOf(graph);
  await mkdir(paths.code, { recursive: true });
  await atomicWrite(paths.net, module.code);
  // A resumed run keeps its initial weights' record; the runner loads the weights only when no checkpoint is there.
  const init = config.init && existsSync(paths.initRecord) && existsSync(paths.initWeights) ? { weights: 'init.safetensors', record: 'init.json' } : null;
  const job = buildJob(config, { runDir: '..', net: 'net.py', graph: '../graph.json', split: config.torch.synthetic ? null : `../${RUN_SPLIT_FILE}` }, input, resume, { init, frozen: frozenModules(graph, module) });
  await writeJson(paths.job, job);

  const [command, ...args] = runnerCommand(python, paths.job, config);
  const child = spawn(command, args, { cwd: runDir, env: pythonEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  return watch(child, { ...options, runDir });
}

/** What torchrun puts before each line it tees from a worker: `[default0]:` (torch 1.x), `[rank0]:` (2.x). */
const TORCHRUN_PREFIX = /^\[[A-Za-z_]*\d+\]:/;

function watch(child: ChildProcess, options: TorchRunOptions): TorchRun {
  let stderr = '';
  let end: EndEvent | null = null;
  let spawnError: Error | null = null;
  const log = options.onLog ?? (() => undefined);
  child.on('error', (error) => (spawnError = error));
  createInterface({ input: child.stdout! }).on('line', (raw) => {
    const line = raw.replace(TORCHRUN_PREFIX, '');
    if (!line.startsWith('{')) return log(line);
    let parsed;
    try {
      parsed = trainEvent.safeParse(JSON.parse(line));
    } catch {
      return log(line);
    }
    if (!parsed.success) return log(`runner event outside the schema (${parsed.error.issues[0]?.message}): ${line.slice(0, 300)}`);
    if (parsed.data.type === 'end') end = parsed.data;
    else options.onEvent?.(parsed.data);
  });
  createInterface({ input: child.stderr! }).on('line', (line) => {
    stderr = (stderr + line + '\n').slice(-8000);
    log(line);
  });

  const finished = new Promise<TorchRunResult>((resolve) => {
    child.on('close', (code, signal) => {
      void (async () => {
        let final: EndEvent = end ?? {
          type: 'end', time: now(), status: 'failed', epochsDone: 0, bestValAccuracy: null, bestValLoss: null,
          message: crashMessage(code, signal, spawnError, stderr),
        };
        if (!end) await appendFile(torchRunPaths(options.runDir).metrics, JSON.stringify(final) + '\n').catch(() => undefined);
        const summary = await applyRunSummary(options.runDir).catch(() => null);
        if (summary) final = { ...final, bestValAccuracy: summary.bestValAccuracy, bestValLoss: summary.bestValLoss };
        if (options.beforeEnd) final = await options.beforeEnd(final).catch(() => final);
        options.onEvent?.(final);
        resolve({ status: final.status, end: final, exitCode: code, signal, stderr });
      })();
    });
  });

  let stopping: Promise<TorchRunResult> | null = null;
  return {
    pid: child.pid,
    finished,
    stop() {
      stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), options.stopGraceMs ?? 120_000);
          const result = await finished;
          clearTimeout(timer);
          return result;
        }
        return finished;
      })();
      return stopping;
    },
  };
}

function crashMessage(code: number | null, signal: NodeJS.Signals | null, spawnError: Error | null, stderr: string): string {
  if (spawnError) return `the PyTorch runner could not start: ${spawnError.message}`;
  const tail = stderr.trim().split('\n').slice(-3).join(' | ');
  const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  const hint = signal === 'SIGKILL' ? ' (out of memory, or killed after not stopping in time)' : '';
  return `the PyTorch runner ${how}${hint}${tail ? `: ${tail}` : ''}`;
}

/** Reads back a run's graph and the generated module, e.g. for exports. */
export async function readTorchRunDesign(runDir: string): Promise<GraphDoc> {
  const parsed = parseGraph(await readJson(torchRunPaths(runDir).graph));
  if (!parsed.ok) throw new TorchRunError('BAD_DESIGN', `${runDir}/graph.json: ${parsed.errors[0].message}`);
  return parsed.graph;
}
