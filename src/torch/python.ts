import { spawn } from 'node:child_process';
import { z } from 'zod';
import { toolsScript } from './paths';

/** Environment for every Python we start: unbuffered output, and no `__pycache__` written into the app. */
export function pythonEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8', ...extra };
}

/** Thrown when a Python tool fails; the message carries the end of its error output. */
export class PythonToolError extends Error {
  constructor(readonly command: string, readonly code: number | null, readonly stderr: string) {
    super(`${command} failed (exit ${code}): ${stderr.trim().split('\n').slice(-6).join('\n')}`);
  }
}

/** What a tool answers when its caller reads nothing particular from it: any JSON object. */
const anyAnswer = z.record(z.string(), z.unknown());

/**
 * Runs one sub-command of `inception_tools.py` and returns the JSON object it prints last, checked against
 * `answer` (a tool's output crosses a process boundary).
 * @example const info = await runTool(python, ['probe', 'net.py'], { answer: probeSchema });
 * @throws PythonToolError when the tool fails, prints no JSON object, or prints one outside `answer`.
 */
export function runTool<S extends z.ZodType = typeof anyAnswer>(
  python: string,
  args: string[],
  options: { timeoutMs?: number; cwd?: string; answer?: S; signal?: AbortSignal } = {},
): Promise<z.infer<S>> {
  const answer = options.answer ?? anyAnswer;
  return new Promise((resolve, reject) => {
    const child = spawn(python, [toolsScript(), ...args], { env: pythonEnv(), cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'], signal: options.signal });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-8000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new PythonToolError(`${python} inception_tools.py ${args[0]}`, null, error.message));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').filter((l) => l.startsWith('{')).at(-1);
      if (code !== 0 || !line) return reject(new PythonToolError(`inception_tools.py ${args[0]}`, code, stderr || stdout));
      const parsed = answer.safeParse(parseJson(line));
      if (parsed.success) resolve(parsed.data as z.infer<S>);
      else reject(new PythonToolError(`inception_tools.py ${args[0]}`, code, `answered outside its schema at ${parsed.error.issues[0].path.join('.') || '(root)'}: ${parsed.error.issues[0].message}`));
    });
  });
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
