/** The longest name a run can be given (`renameRun`). */
export const MAX_RUN_LABEL = 120;

export type RunStatus = 'running' | 'completed' | 'stopped' | 'early-stopped' | 'failed' | 'interrupted';

/** What a run folder says about itself (`listRuns`, `getRun`); `running` comes from the host's jobs, not the files. */
export interface RunInfo {
  id: string;
  dir: string;
  /** The design's name. */
  name: string;
  /** The name the user gave the run (`renameRun`), or null; show `label ?? name`. */
  label: string | null;
  /** The image folder it trains on (config's `data.dir`); null when unknown. */
  dataDir: string | null;
  /** Its classes in label order, as its latest start event recorded them; null before it starts. */
  classes: string[] | null;
  status: RunStatus;
  epochsDone: number;
  epochs: number;
  /** The best epoch (0-based) and its validation accuracy: see `summarizeRun` for the definitions. */
  bestEpoch: number | null;
  bestValAccuracy: number | null;
  engine: 'tfjs' | 'torch';
  /** Where and how it last trained, as its start event said (`wasm`, `cpu: fp32, channels_last, 2 threads`); null before it starts. */
  backend: string | null;
  /** Milliseconds since the epoch. */
  created: number;
  /** Time spent training, paused periods excluded (`summarizeRun`). */
  seconds: number;
  /** The failure message of a failed run. */
  message?: string;
  /** Why "Automatic" picked this run's engine (absent when the engine was chosen by hand). */
  engineReason?: string;
  /** Set for a model imported from a file (`importModel`) rather than trained here. */
  imported?: { format: 'onnx' | 'tfjs'; source: string };
}
