import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { InceptionApi } from './api';
import type { Classifications } from './classifications';
import { ApiError, ERROR_CODES } from './errors';
import type { PathPolicy } from './paths';
import { isRunId, runsDir } from './runs';

type ClassifyApi = Pick<InceptionApi, 'classifyFolder' | 'classificationPage' | 'cancelClassification' | 'saveClassificationCsv' | 'discardClassification'>;

/** The folder-classification methods of the service: paths checked here, the work done by `Classifications`. */
export function createClassifyApi(workspace: string, paths: PathPolicy, classifications: Classifications): ClassifyApi {
  return {
    classifyFolder: async (runId, folder, options) => {
      if (!isRunId(runId)) throw new ApiError(ERROR_CODES.BAD_REQUEST, `"${runId}" is not a run id`);
      const runDir = path.join(runsDir(workspace), runId);
      if (!(await stat(path.join(runDir, 'model', 'model.json')).catch(() => null))) {
        throw new ApiError(ERROR_CODES.NOT_FOUND, `run ${runId} has no trained model in ${runDir}: let it finish, or resume it`);
      }
      const dir = await paths.resolveFolder(folder);
      return classifications.start(runId, runDir, dir, options?.topK ?? 5);
    },
    classificationPage: (id, query) => classifications.page(id, query),
    cancelClassification: (id) => classifications.cancel(id),
    saveClassificationCsv: async (id, file) => {
      const target = await paths.resolveOutputFile(file);
      if (path.extname(target).toLowerCase() !== '.csv') throw new ApiError(ERROR_CODES.BAD_REQUEST, `${target}: expected a file name ending in .csv`);
      await mkdir(path.dirname(target), { recursive: true });
      return classifications.saveCsv(id, target);
    },
    discardClassification: (id) => classifications.discard(id),
  };
}
