import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { pythonAssetsDir } from '../paths';
import { pythonEnv } from '../python';

const RUN_EACH = 'import json, sys\nsys.path.insert(0, sys.argv[1])\nimport inception_tools\nfor argv in json.loads(sys.argv[2]):\n    inception_tools.main(argv)';

/**
 * Runs several `inception_tools.py` sub-commands in one Python process, so that a test pays for one torch import
 * instead of one per check; the JSON object each command printed, in order.
 * @example const [a, b] = await runToolsInOneProcess(python, [['probe', 'a.py'], ['probe', 'b.py']]);
 */
export async function runToolsInOneProcess(python: string, commands: string[][]): Promise<unknown[]> {
  const { stdout } = await promisify(execFile)(python, ['-c', RUN_EACH, pythonAssetsDir(), JSON.stringify(commands)], {
    env: pythonEnv(), maxBuffer: 1 << 26, timeout: 600_000,
  });
  const answers = stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as unknown);
  if (answers.length !== commands.length) throw new Error(`expected ${commands.length} answers from inception_tools.py, got ${answers.length}:\n${stdout}`);
  return answers;
}
