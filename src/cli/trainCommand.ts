import path from 'node:path';
import { presetRecipe } from '../contract/presetRecipes';
import { describeResizePhases, type ResizePhase } from '../contract/progressiveResize';
import { freezeUpTo, frozenIds, setFrozen } from '../graph/freeze';
import type { GraphDoc } from '../graph/types';
import type { InceptionService } from '../service/service';
import { classCountProblem } from '../shapes/classes';
import { inferGraph } from '../shapes/infer';
import { trainableSplit } from '../shapes/trainable';
import { cliService, readDesign, runIdOf, type Out } from './cliService';
import { cliMessage } from './errorOptions';
import { follow } from './followRun';

export interface TrainArgs {
  graphFile?: string;
  preset?: string;
  /** A preset whose recipe a design FILE trains with (a preset's own recipe comes with `--preset`). */
  recipe?: string;
  data: string;
  val?: string;
  epochs?: number;
  batch?: number;
  lr?: number;
  /** Progressive resizing (`--resize 48:1,64:1`): the first epochs at these sizes, then the design's own. */
  resize?: ResizePhase[];
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
  const recipeName = args.recipe ?? args.preset;
  const recipe = presetRecipeOptions(recipeName);
  if (recipe && !args.json) out(`options: the ${recipeName} preset's recipe (${recipe.summary}); flags override it`);
  if (args.resize?.length && !args.json) out(`progressive resizing: ${describeResizePhases(args.resize)}, then the design's own size (validation at the design's size)`);
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
      ...(args.resize !== undefined && { progressiveResize: args.resize }),
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

export async function resumeCommand(run: string, json: boolean, out: Out, workspace?: string, epochs?: number): Promise<number> {
  const { runId, workspace: ws } = runIdOf(run);
  const api = cliService(ws ?? workspace);
  await api.resumeTraining(runId, epochs === undefined ? undefined : { epochs });
  return follow(api, runId, json, out);
}
