import type { GradCamOptions, GradCamResult } from '../contract/gradCam';
import type { JobManager } from './jobs';
import { keptPerRun } from './keptPerRun';
import { TfjsGradCamJob } from './tfjsGradCamJob';
import { GRAD_CAM_WORKER_IDLE_MS } from './torchGradCams';

/**
 * The TF.js engine's Grad-CAM in the service: one job process per run (and per sanity-check variant) with the
 * run's model built, started on the run's first request, kept for the next ones, closed after `idleMs` without
 * a request and on shutdown. The job decodes the image and draws the overlay.
 */
export function tfjsGradCams(jobs: JobManager, idleMs = GRAD_CAM_WORKER_IDLE_MS) {
  const kept = keptPerRun((runDir, randomHead) => TfjsGradCamJob.start(jobs, runDir, randomHead), idleMs);
  return {
    gradCam: (runDir: string, file: string, options: GradCamOptions): Promise<GradCamResult> =>
      kept.use(runDir, Boolean(options.randomHead), (job) => job.gradCam(file, options)),
    /** Starts the run's job ahead of its first request (see `keptPerRun`'s `warm`). */
    warm: (runDir: string): Promise<void> => kept.warm(runDir, false),
    /** The runs with a job now (for tests). */
    workers: kept.workers,
    shutdown: kept.shutdown,
  };
}
