import type { BackendName } from '../../src/service/api';
import { torchOptionsSchema, trainConfigSchema, type TrainConfigInput } from '../../src/contract/runConfig';
import type { AugmentSpec } from '../../src/contract/augment';
import { presetRecipe } from '../../src/contract/presetRecipes';
import { parseResizeFlag } from '../../src/contract/progressiveResize';
import type { GraphDoc } from '../../src/graph/types';
import { resizePhasesProblem } from '../../src/shapes/resizePhases';

/** The Train screen's form: every option of a run except the data, flat so each field is one input. */
export interface TrainSettings {
  epochs: number;
  batchSize: number;
  optimizer: 'sgd' | 'adam' | 'adamw';
  lr: number;
  /** SGD only. */
  momentum: number;
  weightDecay: number;
  schedule: 'constant' | 'step' | 'cosine';
  /** Step schedule: multiply the rate by `gamma` every `stepEpochs` epochs. */
  stepEpochs: number;
  gamma: number;
  warmupEpochs: number;
  labelSmoothing: number;
  /** Progressive resizing as the command line's `--resize` reads it (`48:1,64:1`: SIZE:EPOCHS); empty for none. */
  progressiveResize: string;
  earlyStopping: boolean;
  patience: number;
  seed: number;
  /** Null picks the best backend present. */
  backend: BackendName | null;
  /** `auto`: the engine the host measured fastest here (`chooseEngine`). */
  engine: 'auto' | 'tfjs' | 'torch';
  /** The PyTorch engine's device; null picks the best present. */
  torchDevice: 'cuda' | 'mps' | 'cpu' | null;
  /** The PyTorch engine's arithmetic: `auto` is its fast defaults (mixed precision where it pays). */
  torchPrecision: 'auto' | 'fp32' | 'bf16' | 'fp16';
  /** PyTorch processes on this machine (torchrun, DistributedDataParallel); 1 is one process. */
  torchProcesses: number;
  /** Machines in a multi-node PyTorch run; each runs the same run with its own node rank. */
  torchNodes: number;
  torchNodeRank: number;
  /** `HOST:PORT` of the c10d rendezvous (the first machine and a free port); used when torchNodes > 1. */
  torchRendezvous: string;
  /** torchrun restarts of the group after a worker fails (each resumes from the last checkpoint). */
  torchMaxRestarts: number;
  /** Steps between mid-epoch checkpoints; 0: automatic (every 100 steps when restarts are allowed). */
  torchCheckpointEvery: number;
}

/** The Dataset screen's choices that go into a run. */
export interface DataSettings {
  dir: string;
  valDir: string | null;
  validationFraction: number;
  resize: 'crop' | 'stretch';
  augment: AugmentSpec;
}

const GENERIC: TrainSettings = {
  epochs: 10, batchSize: 32, optimizer: 'adam', lr: 0.001, momentum: 0.9, weightDecay: 0,
  schedule: 'cosine', stepEpochs: 10, gamma: 0.1, warmupEpochs: 0, labelSmoothing: 0, progressiveResize: '',
  earlyStopping: false, patience: 5, seed: 0, backend: null, engine: 'auto', torchDevice: null,
  torchPrecision: 'auto', torchProcesses: 1, torchNodes: 1, torchNodeRank: 0, torchRendezvous: '', torchMaxRestarts: 0, torchCheckpointEvery: 0,
};

/** The Train options a preset starts with (`src/contract/presetRecipes.ts`, shared with the CLI); generic ones for any other design. */
export function defaultSettings(preset: string | null): TrainSettings {
  const recipe = presetRecipe(preset);
  if (!recipe) return { ...GENERIC };
  const { optimizer, schedule } = recipe;
  return {
    ...GENERIC,
    epochs: recipe.epochs,
    batchSize: recipe.batchSize,
    lr: recipe.lr,
    warmupEpochs: recipe.warmupEpochs,
    labelSmoothing: recipe.labelSmoothing,
    optimizer: optimizer.type,
    weightDecay: optimizer.weightDecay,
    ...(optimizer.type === 'sgd' && { momentum: optimizer.momentum }),
    schedule: schedule.type,
    ...(schedule.type === 'step' && { stepEpochs: schedule.stepEpochs, gamma: schedule.gamma }),
  };
}

/** The run's options in the shape of `src/contract/runConfig.ts` (defaults fill what is not given); `init` fine-tunes that run's weights. */
export function toTrainConfig(settings: TrainSettings, data: DataSettings, init: { run: string } | null = null): TrainConfigInput {
  const s = settings;
  const optimizer: TrainConfigInput['optimizer'] = s.optimizer === 'sgd'
    ? { type: 'sgd', momentum: s.momentum, weightDecay: s.weightDecay }
    : { type: s.optimizer, weightDecay: s.weightDecay };
  const schedule: TrainConfigInput['schedule'] = s.schedule === 'step'
    ? { type: 'step', stepEpochs: s.stepEpochs, gamma: s.gamma }
    : s.schedule === 'cosine' ? { type: 'cosine' } : { type: 'constant' };
  return {
    data: { dir: data.dir, valDir: data.valDir, validationFraction: data.validationFraction, resize: data.resize },
    augment: data.augment,
    optimizer,
    lr: s.lr,
    schedule,
    warmupEpochs: s.warmupEpochs,
    labelSmoothing: s.labelSmoothing,
    progressiveResize: resizePhasesOf(s.progressiveResize) ?? [],
    epochs: s.epochs,
    batchSize: s.batchSize,
    earlyStopping: s.earlyStopping ? { patience: s.patience } : null,
    seed: s.seed,
    engine: 'tfjs',
    backend: s.backend,
    init: init && { run: init.run },
  };
}

/** The PyTorch engine's options: device, precision, checkpoints, and torchrun for several processes or machines. */
function torchOptions(s: TrainSettings): Record<string, unknown> {
  const torchrun = s.torchProcesses > 1 || s.torchNodes > 1 || s.torchMaxRestarts > 0;
  return {
    device: s.torchDevice ?? 'auto',
    precision: s.torchPrecision,
    ...(s.torchCheckpointEvery > 0 && { checkpointEverySteps: s.torchCheckpointEvery }),
    ...(torchrun && {
      distributed: {
        nprocPerNode: s.torchProcesses,
        nnodes: s.torchNodes,
        maxRestarts: s.torchMaxRestarts,
        ...(s.torchNodes > 1 && { nodeRank: s.torchNodeRank, rdzvEndpoint: s.torchRendezvous.trim() || null }),
      },
    }),
  };
}

/**
 * The config to send: the TF.js options as they are; for the PyTorch engine the same options with its
 * device, precision, processes and machines; for "Automatic" both, the host keeping the chosen engine's.
 */
export function withEngine(config: TrainConfigInput, settings: TrainSettings): TrainConfigInput | Record<string, unknown> {
  if (settings.engine === 'tfjs') return config;
  if (settings.engine === 'auto') return { ...config, engine: 'auto', torch: torchOptions(settings) };
  return { ...config, engine: 'torch', backend: null, torch: torchOptions(settings) };
}

/** Where a config field sits in the form, for showing its problem beside it. */
const FIELD_OF: Record<string, keyof TrainSettings | 'data'> = {
  'optimizer.momentum': 'momentum',
  'optimizer.weightDecay': 'weightDecay',
  'schedule.stepEpochs': 'stepEpochs',
  'schedule.gamma': 'gamma',
  'earlyStopping.patience': 'patience',
};

type SettingsProblems = Partial<Record<keyof TrainSettings | 'data' | 'augment', string>>;

/**
 * The PyTorch options' problems in the app's words, by form field (the contract's messages name the
 * config keys, which the command line uses).
 */
function torchProblems(s: TrainSettings): SettingsProblems {
  const parsed = torchOptionsSchema.safeParse(torchOptions(s));
  if (parsed.success) return {};
  const problems: SettingsProblems = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path.at(-1);
    if (field === 'rdzvEndpoint') problems.torchRendezvous ??= 'Several machines need the first machine\'s address and a free port, like 10.0.0.1:29400, the same on every machine.';
    else if (field === 'nodeRank') problems.torchNodeRank ??= `Number the machines from 0 to ${s.torchNodes - 1}; this machine's number must be one of them.`;
    else problems.torchProcesses ??= `The PyTorch options are not accepted: ${issue.message}.`;
  }
  return problems;
}

/** The phases of the form's progressive-resizing text; null where it does not read as SIZE:EPOCHS pairs. */
function resizePhasesOf(text: string) {
  if (!text.trim()) return [];
  try {
    return parseResizeFlag(text);
  } catch {
    return null;
  }
}

/** The progressive-resizing field's problem: unreadable, or refused for this design (as the host would refuse it). */
function resizeProblem(s: TrainSettings, design: GraphDoc | null): string | undefined {
  const phases = resizePhasesOf(s.progressiveResize);
  if (!phases) return 'expected SIZE:EPOCHS pairs, e.g. 48:1,64:1';
  if (!design) return undefined;
  try {
    return resizePhasesProblem(design, phases, s.epochs)?.replace(/^training option progressiveResize(\.\d+\.size)?: /, '') ?? undefined;
  } catch {
    return undefined; // a design without an Input node: the design's own problem says so
  }
}

/** Problems of the options, by form field, as the host would report them; empty when they are fine. `design` checks what depends on it. */
export function settingsProblems(settings: TrainSettings, data: DataSettings, design: GraphDoc | null = null): SettingsProblems {
  const parsed = trainConfigSchema.safeParse(toTrainConfig(settings, data));
  const problems: SettingsProblems = settings.engine === 'tfjs' ? {} : torchProblems(settings);
  const resize = resizeProblem(settings, design);
  if (resize) problems.progressiveResize = resize;
  if (parsed.success) return problems;
  for (const issue of parsed.error.issues) {
    const path = issue.path.join('.');
    const top = String(issue.path[0]);
    const field = FIELD_OF[path] ?? (top === 'data' || top === 'augment' ? top : top in settings ? (top as keyof TrainSettings) : 'data');
    problems[field] ??= issue.message;
  }
  return problems;
}
