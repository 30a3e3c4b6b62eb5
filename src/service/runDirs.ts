import { stat } from 'node:fs/promises';
import path from 'node:path';
import { runPaths } from '../io/runFolder';
import { ApiError, ERROR_CODES } from './errors';
import { isRunId, runsDir } from './runs';

/** The folder of a run in the workspace; refused when the id is malformed or no such run exists. */
export async function existingRunDir(workspace: string, runId: string): Promise<string> {
  if (!isRunId(runId)) throw new ApiError(ERROR_CODES.BAD_REQUEST, `"${runId}" is not a run id`);
  const dir = path.join(runsDir(workspace), runId);
  if (!(await stat(dir).catch(() => null))?.isDirectory()) throw new ApiError(ERROR_CODES.NOT_FOUND, `no run ${runId} in ${runsDir(workspace)}`);
  return dir;
}

/** The folder of the run (or imported model) fine-tuning starts from; refused unless it holds a trained model. */
export async function trainedRunDir(workspace: string, runId: string): Promise<string> {
  const dir = await existingRunDir(workspace, runId);
  const model = runPaths(dir).model;
  const files = await Promise.all(['model.json', 'weights.safetensors'].map((f) => stat(path.join(model, f)).catch(() => null)));
  if (!files.some(Boolean)) {
    throw new ApiError(ERROR_CODES.BAD_REQUEST, `run ${runId} has no trained model to start from (no model.json or weights.safetensors in ${model}): let it finish, or resume it`);
  }
  return dir;
}
