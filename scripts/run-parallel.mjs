// Runs npm scripts at the same time and fails if any fails: `node scripts/run-parallel.mjs typecheck lint build`.
// Each script's output is printed whole when it ends, so that the logs do not interleave.
import { spawn } from 'node:child_process';

const names = process.argv.slice(2);
if (names.length === 0) {
  console.error('usage: node scripts/run-parallel.mjs SCRIPT...');
  process.exit(2);
}

function run(name) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn('npm', ['run', '--silent', name], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('close', (code, signal) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      process.stdout.write(`\n> ${name} (${code === 0 ? 'passed' : `failed: ${signal ?? `exit ${code}`}`}, ${seconds} s)\n${output}`);
      resolve(code === 0);
    });
  });
}

const passed = await Promise.all(names.map(run));
const failed = names.filter((_, i) => !passed[i]);
if (failed.length) {
  console.error(`\nrun-parallel: failed: ${failed.join(', ')}`);
  process.exit(1);
}
