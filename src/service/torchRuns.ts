import { startTorchRun, TorchRunError, type TorchRun } from '../torch';
import type { TrainEvent } from '../contract/events';
import { ApiError, ERROR_CODES } from './errors';

/** PyTorch training processes by run id: the PyTorch engine's counterpart of the JobManager. */
export class TorchRuns {
  private readonly runs = new Map<string, TorchRun>();

  constructor(private readonly onEvent: (runId: string, event: TrainEvent) => void) {}

  isRunning(runId: string): boolean {
    return this.runs.has(runId);
  }

  runningIds(): string[] {
    return [...this.runs.keys()];
  }

  /** Starts a new run (graph and config given) or resumes one (both omitted). */
  async start(runId: string, options: { runDir: string; graph?: unknown; config?: unknown; fixClasses?: boolean }): Promise<void> {
    if (this.runs.has(runId)) throw new ApiError(ERROR_CODES.BAD_REQUEST, `run ${runId} is already training`);
    try {
      const run = await startTorchRun({
        runDir: options.runDir,
        graph: options.graph as never,
        config: options.config,
        fixClasses: options.fixClasses,
        tfjsModel: true,
        onEvent: (event) => this.onEvent(runId, event),
      });
      this.runs.set(runId, run);
      void run.finished.finally(() => this.runs.delete(runId));
    } catch (error) {
      if (error instanceof TorchRunError) throw new ApiError(error.code === 'NO_TORCH' ? ERROR_CODES.UNSUPPORTED : ERROR_CODES.BAD_REQUEST, error.message);
      throw error;
    }
  }

  async stop(runId: string): Promise<void> {
    const run = this.runs.get(runId);
    if (!run) throw new ApiError(ERROR_CODES.NOT_FOUND, `run ${runId} is not training`);
    await run.stop();
  }

  async shutdown(): Promise<void> {
    await Promise.all([...this.runs.values()].map((run) => run.stop().catch(() => undefined)));
  }
}
