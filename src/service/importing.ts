import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ImportError } from '../import/errors';
import type { ImportModelOptions, ImportModelResult } from './api';
import { ApiError, ERROR_CODES } from './errors';
import type { PathPolicy } from './paths';
import { newRunId, readRunInfo, runsDir } from './runs';

/** `importModel` of the service API: maps the file, then stores it as a finished run in the workspace. */
export async function importModelIntoWorkspace(workspace: string, paths: PathPolicy, userPath: string, options: ImportModelOptions = {}): Promise<ImportModelResult> {
  const file = await paths.resolveFile(userPath);
  try {
    const { importModel } = await import('../import/importModel');
    const imported = await importModel(file, options);
    await mkdir(runsDir(workspace), { recursive: true });
    const runId = newRunId(`imported-${imported.summary.name}`, new Date(), (id) => existsSync(path.join(runsDir(workspace), id)));
    const { writeImportedRun } = await import('../import/writeImported');
    await writeImportedRun(path.join(runsDir(workspace), runId), imported);
    const run = await readRunInfo(workspace, runId, false);
    if (!run) throw new ApiError(ERROR_CODES.IO, `the imported model was written but ${runId} cannot be read back`);
    return {
      run, graph: imported.graph, notes: imported.summary.notes,
      trainableParams: imported.summary.trainableParams, nonTrainableParams: imported.summary.nonTrainableParams,
    };
  } catch (error) {
    if (error instanceof ImportError) throw new ApiError(ERROR_CODES.UNSUPPORTED, error.message);
    throw error;
  }
}
