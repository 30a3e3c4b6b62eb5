import type { GraphDoc } from '../graph/types';
import type { TrainConfig } from '../contract/runConfig';
import type { ExportFormat, FolderEvaluation, LrFinderResult, Prediction } from './api';
import type { ResumePlan, RunPlan } from './prepareRun';

export type EngineId = RunPlan['engine'];

/** What an engine's export wrote (file names relative to the folder) and whether trained weights are in it. */
export interface EngineExport {
  files: string[];
  weights: boolean;
}

/**
 * A training engine behind the service: it trains prepared runs and answers for the runs it trained. Events
 * go to the callback the engine was made with; `end` comes once the run's process has exited.
 */
export interface Engine<E extends EngineId = EngineId> {
  readonly id: E;
  /** Starts a prepared run. @throws ApiError when it cannot start (nothing is running then). */
  start(plan: Extract<RunPlan, { engine: E }>): Promise<void>;
  /** Continues a run from its last checkpoint. @throws ApiError when it cannot start. */
  resume(plan: Extract<ResumePlan, { engine: E }>): Promise<void>;
  /** Stops a run gracefully (it checkpoints first); resolves once it has exited. */
  stop(runId: string): Promise<void>;
  isRunning(runId: string): boolean;
  runningIds(): string[];
  evaluate(runDir: string, dataDir: string | null): Promise<FolderEvaluation>;
  predict(runDir: string, images: string[], topK: number): Promise<Prediction[]>;
  /** The export formats this engine writes (the graph and our own ONNX writer need no engine). */
  readonly exports: readonly ExportFormat[];
  exportModel(runDir: string, format: ExportFormat, outDir: string): Promise<EngineExport>;
  /** Stops every run (on quit). */
  shutdown(): Promise<void>;
}

/** The TF.js engine; it also runs the learning-rate range test, whichever engine the run will use. */
export interface TfjsEngine extends Engine<'tfjs'> {
  findLearningRate(graph: GraphDoc, config: TrainConfig): Promise<LrFinderResult>;
}

/** Either engine, for what does not depend on which. */
export type AnyEngine = Engine<'tfjs'> | Engine<'torch'>;

/** The engines of a service, and the one choice between them: by a plan's or a run's engine, or by export format. */
export class Engines {
  constructor(
    readonly tfjs: TfjsEngine,
    readonly torch: Engine<'torch'>,
  ) {}

  all(): AnyEngine[] {
    return [this.tfjs, this.torch];
  }

  of(id: EngineId): AnyEngine {
    return id === 'torch' ? this.torch : this.tfjs;
  }

  start(plan: RunPlan): Promise<void> {
    return plan.engine === 'torch' ? this.torch.start(plan) : this.tfjs.start(plan);
  }

  resume(plan: ResumePlan): Promise<void> {
    return plan.engine === 'torch' ? this.torch.resume(plan) : this.tfjs.resume(plan);
  }

  /** The engine training a run, if any. */
  runningOf(runId: string): AnyEngine | undefined {
    return this.all().find((e) => e.isRunning(runId));
  }

  runningIds(): string[] {
    return this.all().flatMap((e) => e.runningIds());
  }

  /** The engine that writes an export format; undefined for the engine-free ones. */
  exporting(format: ExportFormat): AnyEngine | undefined {
    return this.all().find((e) => e.exports.includes(format));
  }

  async shutdown(): Promise<void> {
    await Promise.all(this.all().map((e) => e.shutdown()));
  }
}
