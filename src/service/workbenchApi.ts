import type { InceptionApi } from './api';
import type { JobManager } from './jobs';
import type { PathPolicy } from './paths';
import { existingRunDir } from './runDirs';

/** The error-analysis workbench's part of the API: Grad-CAM, in a job process. */
export function createWorkbenchApi(workspace: string, paths: PathPolicy, jobs: JobManager): Pick<InceptionApi, 'gradCam'> {
  return {
    gradCam: async (runId, image, options = {}) => {
      const runDir = await existingRunDir(workspace, runId);
      return jobs.oneShot({ type: 'gradCam', runDir, image: await paths.resolveFile(image), options });
    },
  };
}
