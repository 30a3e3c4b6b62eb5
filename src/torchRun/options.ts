import type { TorchTrainConfig } from '../contract/runConfig';
import { TORCH_JOB_VERSION, type TorchJob } from '../contract/torchJob';

/** The job file for a run: paths as given, training options without the TF.js-only fields, every value resolved. */
export function buildJob(
  config: TorchTrainConfig,
  paths: Pick<TorchJob, 'runDir' | 'net' | 'graph' | 'split'>,
  input: TorchJob['input'],
  resume: boolean,
  fineTuning: Pick<TorchJob, 'init' | 'frozen'> = { init: null, frozen: { nodes: [], modules: [] } },
): TorchJob {
  const { engine: _engine, backend: _backend, torch, ...training } = config;
  const { python: _python, distributed: _distributed, ...device } = torch;
  return { format: 'inception-studio.torch-job', version: TORCH_JOB_VERSION, ...paths, resume, input, ...fineTuning, config: training, torch: device };
}
