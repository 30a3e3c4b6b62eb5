import { spawn } from 'node:child_process';
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

/**
 * Runs one sub-command of `inception_tools.py` and returns the JSON object it prints last.
 * @example const info = await runTool(python, ['probe', 'net.py']);
 */
export function runTool<T = Record<string, unknown>>(python: string, args: string[], options: { timeoutMs?: number; cwd?: string } = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [toolsScript(), ...args], { env: pythonEnv(), cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
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
      if (code !== 0 || !line) reject(new PythonToolError(`inception_tools.py ${args[0]}`, code, stderr || stdout));
      else resolve(JSON.parse(line) as T);
    });
  });
}
