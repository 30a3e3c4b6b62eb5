import { DataError } from '../data';
import { excludeFile, listFolderFixes, moveToClass, undoFolderFix } from '../data/folderFixes';
import type { InceptionApi } from './api';
import { ApiError, ERROR_CODES } from './errors';
import type { JobManager } from './jobs';
import type { PathPolicy } from './paths';
import { checkGradCamRequest } from './gradCamRequest';
import { existingRunDir } from './runDirs';
import { suspectsFinder } from './suspectsFinder';
import { tfjsGradCams } from './tfjsGradCams';
import { torchGradCams } from './torchGradCams';

/** A data folder's refusal (a file that is not there, one that would be overwritten) as the user's error. */
async function asUserError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DataError) throw new ApiError(ERROR_CODES.BAD_REQUEST, error.message);
    throw error;
  }
}

type WorkbenchApi = Pick<InceptionApi, 'gradCam' | 'warmGradCam' | 'featureMaps' | 'topLosses' | 'findSuspects' | 'suspectsProgress' | 'cancelSuspects' | 'fixFolder' | 'undoFolderFix' | 'listFolderFixes'>;

/**
 * The error-analysis workbench's part of the API: Grad-CAM, top losses and suspects in job processes (a PyTorch
 * run's suspect folds in the PyTorch runner; Grad-CAM in a job process, or a Python worker, kept per run); fixes to a data
 * folder. `shutdown` stops what is still training and closes the workers.
 */
export function createWorkbenchApi(workspace: string, paths: PathPolicy, jobs: JobManager): { api: WorkbenchApi; shutdown: () => Promise<void> } {
  const suspects = suspectsFinder(jobs);
  const torchCams = torchGradCams();
  const tfjsCams = tfjsGradCams(jobs);
  const api: WorkbenchApi = {
    gradCam: async (runId, image, options = {}) => {
      const runDir = await existingRunDir(workspace, runId);
      const file = await paths.resolveFile(image);
      try {
        await checkGradCamRequest(runDir, options);
        return await (options.engine === 'torch' ? torchCams : tfjsCams).gradCam(runDir, file, options);
      } catch (error) {
        throw error instanceof ApiError ? error : new ApiError(ERROR_CODES.BAD_REQUEST, (error as Error).message);
      }
    },
    warmGradCam: async (runId, options = {}) => {
      const runDir = await existingRunDir(workspace, runId);
      try {
        await (options.engine === 'torch' ? torchCams : tfjsCams).warm(runDir);
      } catch (error) {
        throw error instanceof ApiError ? error : new ApiError(ERROR_CODES.BAD_REQUEST, (error as Error).message);
      }
    },
    featureMaps: async (runId, image, options = {}) => {
      const runDir = await existingRunDir(workspace, runId);
      await checkGradCamRequest(runDir, options).catch((error: Error) => {
        throw new ApiError(ERROR_CODES.BAD_REQUEST, error.message);
      });
      return jobs.oneShot({ type: 'featureMaps', runDir, image: await paths.resolveFile(image), options });
    },
    findSuspects: async (runId, options = {}) => suspects.find(await existingRunDir(workspace, runId), options),
    suspectsProgress: async (runId) => suspects.progress(await existingRunDir(workspace, runId)),
    cancelSuspects: async (runId) => suspects.cancel(await existingRunDir(workspace, runId)),
    fixFolder: async (dataDir, change) => {
      const dir = await paths.resolveFolder(dataDir);
      const file = await paths.resolveFile(change.file);
      const runId = change.runId ?? null;
      return asUserError(() => (change.action === 'move' ? moveToClass(dir, file, change.toClass, runId) : excludeFile(dir, file, runId)));
    },
    undoFolderFix: async (dataDir, id) => {
      const dir = await paths.resolveFolder(dataDir);
      return asUserError(() => undoFolderFix(dir, id));
    },
    listFolderFixes: async (dataDir) => asUserError(async () => listFolderFixes(await paths.resolveFolder(dataDir))),
    topLosses: async (runId, options = {}) => jobs.oneShot({ type: 'topLosses', runDir: await existingRunDir(workspace, runId), limit: options.limit ?? 50 }),
  };
  return { api, shutdown: async () => void (await Promise.all([suspects.shutdown(), torchCams.shutdown(), tfjsCams.shutdown()])) };
}
