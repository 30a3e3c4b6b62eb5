import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './bundleSources.mjs';

/**
 * Runs the built CLI (`bin/inception.mjs`) with `--json` in a workspace; resolves to the JSON lines it printed
 * on stdout, parsed. stderr passes through; `onLine` sees each stdout line as it comes.
 */
export function inceptionCli(args, workspace, onLine = () => {}) {
  return new Promise((resolve, reject) => {
    const cli = path.join(ROOT, 'bin', 'inception.mjs');
    const child = spawn(process.execPath, [cli, ...args, '--json', '--workspace', workspace], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (chunk) => {
      text += chunk;
      for (const line of chunk.toString().split('\n')) if (line) onLine(line);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = text.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
      if (code !== 0) reject(new Error(`inception ${args.join(' ')} exited ${code}: ${text.slice(-2000)}`));
      else resolve(lines);
    });
  });
}
