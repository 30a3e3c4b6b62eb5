import type { TorchOptions, TorchTrainConfig, TrainConfig } from '../contract/runConfig';

/** What `inception_runner.py` reads; relative paths are relative to the job file. */
export interface TorchJob {
  format: 'inception-studio.torch-job';
  version: 1;
  runDir: string;
  /** The generated module (`net.py`). */
  net: string;
  graph: string | null;
  /**
   * The run's `split.json` (`src/data/runSplit.ts`): the train and validation files the runner trains on,
   * the TF.js engine's split. null: synthetic data, or no host to write it (an exported bundle), and the
   * runner scans and splits the folder itself.
   */
  split: string | null;
  resume: boolean;
  input: { channels: number; height: number; width: number };
  /**
   * Fine-tuning: the initial weights (safetensors, PyTorch names; loaded unless a checkpoint is resumed) and
   * what they cover (`InitRecord`, for report.json); null for a run from fresh weights.
   */
  init: { weights: string; record: string } | null;
  /** Frozen nodes and their `Net` attributes: no gradients, no optimizer state, BatchNorm kept in eval mode. */
  frozen: { nodes: string[]; modules: string[] };
  config: Omit<TrainConfig, 'engine' | 'backend'>;
  torch: Omit<TorchOptions, 'python' | 'distributed'>;
}

/** The job file for a run: paths as given, training options without the TF.js-only fields. */
export function buildJob(
  config: TorchTrainConfig,
  paths: { runDir: string; net: string; graph: string | null; split: string | null },
  input: TorchJob['input'],
  resume: boolean,
  fineTuning: Pick<TorchJob, 'init' | 'frozen'> = { init: null, frozen: { nodes: [], modules: [] } },
): TorchJob {
  const { engine: _engine, backend: _backend, torch, ...training } = config;
  const { python: _python, distributed: _distributed, ...device } = torch;
  return { format: 'inception-studio.torch-job', version: 1, ...paths, resume, input, ...fineTuning, config: training, torch: device };
}
