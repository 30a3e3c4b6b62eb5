import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { presetRecipe } from '../contract/presetRecipes';
import { loadPreset } from '../graph/presets';
import { parseGraphText } from '../graph/schema';
import { existsSync } from 'node:fs';
import type { ExportFormat, ExportOptions, RunEventMessage } from '../service/api';
import { EXPORT_FORMATS } from '../contract/apiTypes';
import { writeOnnx } from '../export/onnx';
import { writeTflite } from '../export/tflite';
import { TORCH_EXPORTS } from '../torch';
import { createService, type InceptionService } from '../service/service';
import { classCountProblem } from '../shapes/classes';
import { freezeUpTo, frozenIds, setFrozen } from '../graph/freeze';
import type { GraphDoc } from '../graph/types';
import { inferGraph } from '../shapes/infer';
import { trainableSplit } from '../shapes/trainable';
import { predictFolderCommand } from './predictFolder';
import { cliMessage } from './errorOptions';
import type { TrainEvent } from '../contract/events';
import { duration, summaryLine } from './runsCommands';
import { formatGraphErrors } from '../contract/graphErrors';
import { runtimeRequestSchema, type RuntimeRequest } from '../contract/inference';

type Out = (text: string) => void;

/** The CLI is the user's own shell: it may read and write anywhere they can. */
export const cliService = (workspace?: string, inferenceRuntime?: RuntimeRequest): InceptionService =>
  createService({ host: 'browser', workspace, extraRoots: [path.parse(process.cwd()).root], inferenceRuntime });

/** `--runtime auto|onnx|tfjs` of evaluate and predict, checked. */
export function runtimeOption(value: string | undefined): RuntimeRequest {
  const parsed = runtimeRequestSchema.safeParse(value ?? 'auto');
  if (!parsed.success) throw new Error(`--runtime expects one of ${runtimeRequestSchema.options.join(', ')}, got ${value}`);
  return parsed.data;
}

export interface TrainArgs {
  graphFile?: string;
  preset?: string;
  data: string;
  val?: string;
  epochs?: number;
  batch?: number;
  lr?: number;
  /** Seeds the initial weights, the split and the order of the images. */
  seed?: number;
  /** Share of each class held out for validation when there is no `--val` folder. */
  valFraction?: number;
  engine: string;
  backend?: string;
  out?: string;
  json: boolean;
  fixClasses: boolean;
  workspace?: string;
  /** The PyTorch engine's options (`--device`, `--precision`, `--processes`, multi-node); not with `--engine tfjs`. */
  torch?: TorchArgs;
  /** Fine-tuning: the run (id or folder) whose weights to start from; its design when no FILE or preset is given. */
  init?: string;
  /** Freeze this node of the design and every node it depends on. */
  freezeUpTo?: string;
}

export interface TorchArgs {
  device?: string;
  precision?: string;
  processes?: number;
  nnodes?: number;
  nodeRank?: number;
  rdzvEndpoint?: string;
  maxRestarts?: number;
  checkpointEvery?: number;
}

const TORCH_FLAGS = '--device, --precision, --processes, --nnodes, --node-rank, --rdzv-endpoint, --max-restarts and --checkpoint-every';

/** The PyTorch engine's options from its flags; the schema checks the values. Null when none was given. */
function torchOptions(args: TrainArgs): Record<string, unknown> | null {
  const { device, precision, processes, nnodes, nodeRank, rdzvEndpoint, maxRestarts, checkpointEvery } = args.torch ?? {};
  const given = Object.values(args.torch ?? {}).some((v) => v !== undefined);
  if (!given) return null;
  if (args.engine === 'tfjs') throw new Error(`${TORCH_FLAGS} are options of the PyTorch engine: use --engine torch (or auto)`);
  const torchrun = (processes ?? 1) > 1 || (nnodes ?? 1) > 1 || rdzvEndpoint !== undefined || nodeRank !== undefined || (maxRestarts ?? 0) > 0;
  return {
    ...(device !== undefined && { device }),
    ...(precision !== undefined && { precision }),
    ...(checkpointEvery !== undefined && { checkpointEverySteps: checkpointEvery }),
    ...(torchrun && {
      distributed: {
        nprocPerNode: processes ?? 1,
        nnodes: nnodes ?? 1,
        ...(nodeRank !== undefined && { nodeRank }),
        ...(rdzvEndpoint !== undefined && { rdzvEndpoint }),
        ...(maxRestarts !== undefined && { maxRestarts }),
      },
    }),
  };
}

/** Where a command's design comes from: a graph file or a preset. */
interface DesignSource { graphFile?: string; preset?: string }

async function readDesign(args: DesignSource) {
  if (!args.graphFile === !args.preset) throw new Error('give either a graph FILE or --preset NAME');
  if (args.preset) return loadPreset(args.preset);
  const parsed = parseGraphText(await readFile(args.graphFile!, 'utf8'), args.graphFile);
  if (!parsed.ok) throw new Error(`${args.graphFile}: ${formatGraphErrors(parsed.errors)}`);
  return parsed.graph;
}

const bar = (fraction: number, width = 24) => {
  const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
  return '█'.repeat(filled) + '░'.repeat(width - filled);
};


/** Renders events: one JSON line each with --json, a progress bar on a terminal, plain lines otherwise. */
function printer(json: boolean, out: Out): (event: TrainEvent) => void {
  const tty = process.stdout.isTTY && !json;
  let epochs = 0;
  let steps = 0;
  return (event) => {
    if (json) return out(JSON.stringify(event));
    switch (event.type) {
      case 'start':
        epochs = event.epochs;
        steps = event.stepsPerEpoch;
        if (event.init) out(initLine(event.init));
        return out(`training on ${event.trainSize} images (${event.valSize} for validation), ${event.classes.length} classes, backend ${event.backend}${event.fromEpoch ? `, resuming at epoch ${event.fromEpoch + 1}` : ''}${event.restart ? `; torchrun restarted the group (${event.restart.attempt} of at most ${event.restart.maxRestarts}) after: ${event.restart.reason}; resuming at step ${(event.fromStep ?? 0) + 1}` : ''}`);
      case 'batch':
        if (tty) {
          const inEpoch = (event.step % steps) + 1;
          process.stdout.write(`\repoch ${event.epoch + 1}/${epochs} ${bar(inEpoch / steps)} ${inEpoch}/${steps}  loss ${event.loss.toFixed(4)}  acc ${event.accuracy.toFixed(3)}  ${event.imagesPerSecond.toFixed(1)} img/s  ETA ${duration(event.etaSeconds)}  `);
        }
        return;
      case 'epoch':
        if (tty) process.stdout.write('\n');
        return out(`epoch ${event.epoch + 1}/${epochs}: loss ${event.loss.toFixed(4)} acc ${event.accuracy.toFixed(3)}  val loss ${event.valLoss?.toFixed(4) ?? '—'} val acc ${event.valAccuracy?.toFixed(3) ?? '—'}  ${event.imagesPerSecond.toFixed(1)} img/s${event.best ? '  (best)' : ''}`);
      case 'skipped':
        return out(`skipped ${event.path}: ${event.reason}`);
      case 'checkpoint':
        return;
      case 'end':
        if (tty) process.stdout.write('\n');
        return out(`${event.status}${event.message ? `: ${event.message}` : ''}`);
    }
  };
}

/** What fine-tuning took from its initial run, in one line. */
export function initLine(init: { run: string; copied: number; fresh: string[] }): string {
  return `starting from ${init.run}: ${init.copied} weight tensors copied; ${init.fresh.length ? `fresh: ${init.fresh.join(', ')}` : 'nothing fresh'}`;
}

/** The design of a fine-tuning run: FILE or --preset, else the init run's own (trainable again), then --freeze-up-to. */
async function fineTuneDesign(args: TrainArgs, api: InceptionService, initRun: string | undefined): Promise<GraphDoc> {
  let graph: GraphDoc;
  if (initRun && !args.graphFile && !args.preset) {
    const { graph: own } = await api.getRun(initRun);
    if (!own) throw new Error(`run ${initRun} has no readable graph.json; give the design as FILE or --preset`);
    graph = setFrozen(own, frozenIds(own), false);
  } else {
    graph = await readDesign(args);
  }
  return args.freezeUpTo ? freezeUpTo(graph, args.freezeUpTo) : graph;
}

/** Follows one run until its end event; Ctrl-C stops it gracefully (a checkpoint first). Returns the exit code. */
async function follow(api: InceptionService, runId: string, json: boolean, out: Out): Promise<number> {
  const print = printer(json, out);
  let stopping = false;
  const onSignal = () => {
    if (stopping) return;
    stopping = true;
    process.stderr.write('\nstopping after the current batch (checkpoint first)…\n');
    void api.stopTraining(runId).catch(() => undefined);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const end = await new Promise<Extract<TrainEvent, { type: 'end' }>>((resolve) => {
      const unsubscribe = api.onRunEvent((message: RunEventMessage) => {
        if (message.runId !== runId) return;
        print(message.event);
        if (message.event.type === 'end') {
          unsubscribe();
          resolve(message.event);
        }
      });
    });
    if (!json) {
      const { info } = await api.getRun(runId);
      out(summaryLine(info));
      out(`run folder: ${info.dir}`);
    }
    return end.status === 'failed' ? 1 : 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** A preset's training recipe as run options, with a one-line summary; null for other designs. */
function presetRecipeOptions(preset: string | undefined) {
  const recipe = presetRecipe(preset);
  if (!recipe) return null;
  const { validationFraction, ...options } = recipe;
  const optimizer = options.optimizer.type === 'sgd' ? `SGD momentum ${options.optimizer.momentum}` : 'Adam';
  const summary = `${options.epochs} epochs, batch ${options.batchSize}, ${optimizer}, lr ${options.lr} ${options.schedule.type}`
    + `${options.warmupEpochs ? ` after ${options.warmupEpochs} warm-up epochs` : ''}${options.labelSmoothing ? `, label smoothing ${options.labelSmoothing}` : ''}, ${validationFraction * 100} % held out`;
  return { options, validationFraction, summary };
}

export async function trainCommand(args: TrainArgs, out: Out): Promise<number> {
  if (!['auto', 'tfjs', 'torch'].includes(args.engine)) throw new Error(`--engine expects auto, tfjs or torch, got ${args.engine}`);
  const torch = torchOptions(args);
  // PyTorch's own options ask for PyTorch.
  const engine = args.engine === 'auto' && torch ? 'torch' : args.engine;
  const init = args.init ? runIdOf(args.init) : undefined;
  const api = cliService(init?.workspace ?? args.workspace);
  const graph = await fineTuneDesign(args, api, init?.runId);
  const summary = await api.scanDataset(path.resolve(args.data));
  if (!args.json) {
    out(`${summary.root}: ${summary.classes.length} classes, ${summary.images} images — ${summary.classes.map((c) => `${c.name} ${c.count}`).join(', ')}`);
    for (const warning of summary.warnings) out(`warning: ${warning}`);
  }
  // Said before a run folder exists: a run that could only fail at once is not started.
  const mismatch = args.fixClasses ? null : classCountProblem(graph, summary.classes.map((c) => c.name));
  if (mismatch) throw new Error(cliMessage(mismatch.text, mismatch.option));
  if (engine === 'auto') {
    const choice = await api.chooseEngine(false, graph);
    const line = `engine (automatic): ${choice.reason}${choice.cached || choice.provisional ? '' : ' — measured now, once for this machine and size of design'}`;
    if (args.json) process.stderr.write(line + '\n');
    else out(line);
  }
  const frozen = frozenIds(graph);
  if (frozen.length && !args.json) {
    const split = trainableSplit(graph, inferGraph(graph));
    out(`frozen: ${frozen.length} nodes${args.freezeUpTo ? ` (up to ${args.freezeUpTo})` : ""}, ${split.frozen} parameters kept as they are, ${split.trainable} trained`);
  }
  const recipe = presetRecipeOptions(args.preset);
  if (recipe && !args.json) out(`options: the ${args.preset} preset's recipe (${recipe.summary}); flags override it`);
  const valFraction = args.valFraction ?? recipe?.validationFraction;
  const run = await api.startTraining(
    graph,
    {
      ...recipe?.options,
      data: { dir: path.resolve(args.data), valDir: args.val ? path.resolve(args.val) : null, ...(valFraction !== undefined && { validationFraction: valFraction }) },
      ...(args.epochs !== undefined && { epochs: args.epochs }),
      ...(args.batch !== undefined && { batchSize: args.batch }),
      ...(args.lr !== undefined && { lr: args.lr }),
      ...(args.seed !== undefined && { seed: args.seed }),
      ...(args.backend !== undefined && { backend: args.backend }),
      engine,
      ...(torch && { torch }),
      ...(init && { init: { run: init.runId } }),
    },
    { fixClasses: args.fixClasses },
  );
  if (!args.json) out(`run ${run.id}`);
  return follow(api, run.id, args.json, out);
}

/** A run id, or the path of a run folder inside the workspace's runs/ folder. */
export function runIdOf(arg: string): { runId: string; workspace?: string } {
  const resolved = path.resolve(arg);
  const parent = path.dirname(resolved);
  if (path.basename(parent) === 'runs' && arg.includes(path.sep)) return { runId: path.basename(resolved), workspace: path.dirname(parent) };
  return { runId: arg };
}

export async function resumeCommand(run: string, json: boolean, out: Out, workspace?: string, epochs?: number): Promise<number> {
  const { runId, workspace: ws } = runIdOf(run);
  const api = cliService(ws ?? workspace);
  await api.resumeTraining(runId, epochs === undefined ? undefined : { epochs });
  return follow(api, runId, json, out);
}

export async function evaluateCommand(run: string, data: string, json: boolean, out: Out, workspace?: string, runtime?: RuntimeRequest): Promise<number> {
  const { runId, workspace: ws } = runIdOf(run);
  const result = await cliService(ws ?? workspace, runtime).evaluateRun(runId, path.resolve(data));
  if (json) {
    out(JSON.stringify(result));
    return 0;
  }
  if (result.inference) out(`runtime: ${result.inference.reason}`);
  out(`${result.count} images: accuracy ${result.accuracy.toFixed(4)}, top-5 ${result.top5.toFixed(4)}, loss ${result.loss.toFixed(4)}`);
  const width = Math.max(...result.classes.map((c) => c.length));
  out(`${'class'.padEnd(width)}  support  precision  recall`);
  for (const c of result.perClass) {
    out(`${c.name.padEnd(width)}  ${String(c.support).padStart(7)}  ${(c.precision?.toFixed(3) ?? '—').padStart(9)}  ${(c.recall?.toFixed(3) ?? '—').padStart(6)}`);
  }
  out('confusion matrix (rows: true class, columns: predicted):');
  for (const [i, row] of result.confusion.entries()) out(`${result.classes[i].padEnd(width)}  ${row.map((v) => String(v).padStart(5)).join('')}`);
  if (result.skipped.length) out(`${result.skipped.length} files skipped`);
  return 0;
}

export async function predictCommand(run: string, images: string[], json: boolean, out: Out, workspace?: string, runtime?: RuntimeRequest): Promise<number> {
  const { runId, workspace: ws } = runIdOf(run);
  const predictions = await cliService(ws ?? workspace, runtime).predict(runId, images.map((i) => path.resolve(i)), 5);
  if (json) out(JSON.stringify(predictions));
  else {
    for (const p of predictions) {
      out(p.error ? `${p.path}: ${p.error}` : `${p.path}: ${p.top.map((t) => `${t.label} ${(t.probability * 100).toFixed(1)}%`).join(', ')}`);
    }
  }
  return predictions.some((p) => p.error) ? 1 : 0;
}

/** `inception predict RUN FOLDER`: see `predictFolderCommand`. */
export async function predictFolder(run: string, folder: string, options: { csv?: string; json: boolean }, out: Out, workspace?: string, runtime?: RuntimeRequest): Promise<number> {
  const { runId, workspace: ws } = runIdOf(run);
  return predictFolderCommand(cliService(ws ?? workspace, runtime), { runId, folder, ...options }, out);
}

export async function exportCommand(run: string, format: string, outDir: string | undefined, out: Out, workspace?: string, options: ExportOptions = {}): Promise<number> {
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new Error(`--format expects one of ${EXPORT_FORMATS.join(', ')}, got ${format}`);
  if (run.endsWith('.json') && !existsSync(path.join(path.dirname(path.resolve(run)), 'config.json'))) {
    // A design file rather than a run: code, or ONNX / TFLite with the seeded initial weights.
    if (format !== 'pytorch' && format !== 'pytorch-bundle' && format !== 'onnx' && format !== 'tflite') throw new Error(`a design file exports as pytorch, pytorch-bundle, onnx or tflite; ${format} needs a trained run`);
    if (!outDir) throw new Error('give --out DIR for a design file');
    const parsed = parseGraphText(await readFile(run, 'utf8'), run);
    if (!parsed.ok) throw new Error(`${run}: ${parsed.errors[0].message}`);
    const writer = format === 'onnx' ? writeOnnx : format === 'tflite' ? writeTflite : TORCH_EXPORTS[format];
    const written = await writer(parsed.graph, path.resolve(outDir));
    out(`wrote ${written.files.join(', ')} to ${written.outDir}`);
    return 0;
  }
  const { runId, workspace: ws } = runIdOf(run);
  const result = await cliService(ws ?? workspace).exportRun(runId, format as ExportFormat, outDir ? path.resolve(outDir) : null, options.calibration || options.profile ? options : undefined);
  for (const warning of result.warnings ?? []) out(`warning: ${warning}`);
  out(`wrote ${result.files.join(', ')} to ${result.dir}`);
  return 0;
}

/** `inception find-lr`: the learning-rate range test of a design on a folder; prints the curve and the suggestion. */
export interface FindLrArgs extends DesignSource {
  data: string;
  batch?: number;
  backend?: string;
  json: boolean;
  workspace?: string;
}

export async function findLrCommand(args: FindLrArgs, out: Out): Promise<number> {
  const graph = await readDesign(args);
  const api = cliService(args.workspace);
  const config = { data: { dir: path.resolve(args.data) }, ...(args.batch !== undefined && { batchSize: args.batch }), ...(args.backend !== undefined && { backend: args.backend }) };
  const result = await api.findLearningRate(graph, config);
  if (args.json) {
    out(JSON.stringify(result));
    return 0;
  }
  const shown = result.points.filter((_, i) => i % Math.max(1, Math.floor(result.points.length / 20)) === 0);
  const high = Math.max(...shown.map((p) => p.smoothed));
  for (const p of shown) out(`${p.lr.toExponential(1).padStart(8)}  ${p.smoothed.toFixed(3).padStart(7)}  ${bar(p.smoothed / high)}`);
  const round = (lr: number) => Number(lr.toPrecision(2));
  out(`lowest loss at ${round(result.lowest)}${result.steepest !== null ? `; steepest fall at ${round(result.steepest)}` : ''}${result.diverged ? '; blew up past it' : ''}`);
  out(`suggested learning rate: ${round(result.suggested)} (train with --lr ${round(result.suggested)})`);
  return 0;
}

