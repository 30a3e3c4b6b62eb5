// Soak test of browser mode (a script that prints JSON, not a unit test): 1,000 rapid API calls and
// 50 start/stop cycles of small training jobs against `inception serve`, then checks that no job
// process is left, file handles did not leak and memory did not grow. Linux (reads /proc).
//   node scripts/soak.mjs [--calls 1000] [--cycles 50]
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import WebSocket from 'ws';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const calls = arg('calls', 1000);
const cycles = arg('cycles', 50);
const work = mkdtempSync(path.join(os.tmpdir(), 'inception-soak-'));

const helper = path.join(root, '.tmp', 'soak', 'fashionMnist.mjs');
await build({ entryPoints: [path.join(root, 'src/data/testing/fashionMnist.ts')], outfile: helper, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'warning' });
const { writeFashionMnistFolder } = await import(pathToFileURL(helper).href);
const data = path.join(work, 'images');
await writeFashionMnistFolder(data, { perClass: 10, split: 't10k', format: 'png' });

const server = spawn(process.execPath, [path.join(root, 'bin', 'inception.mjs'), 'serve', '--port', '0', '--workspace', path.join(work, 'ws'), '--root', data], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (chunk) => {
    out += chunk;
    const match = out.match(/http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/);
    if (match) resolve(match[0]);
  });
  server.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
});
const { host, searchParams } = new URL(url);
const ws = new WebSocket(`ws://${host}/api?token=${searchParams.get('token')}`);
await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));

let nextId = 1;
const pending = new Map();
const listeners = new Set();
ws.on('message', (raw) => {
  const message = JSON.parse(String(raw));
  if (message.event) return listeners.forEach((l) => l(message.data));
  const p = pending.get(message.id);
  pending.delete(message.id);
  if (message.ok) p.resolve(message.result);
  else p.reject(new Error(message.error.message));
});
const call = (method, ...args) =>
  new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    ws.send(JSON.stringify({ id, method, args, token: searchParams.get('token') }));
  });

const pid = server.pid;
const rssMiB = () => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]) / 1024;
const fds = () => readdirSync(`/proc/${pid}/fd`).length;
const children = () => {
  try {
    return execFileSync('ps', ['--ppid', String(pid), '-o', 'pid=']).toString().trim().split('\n').filter(Boolean).length;
  } catch {
    return 0;
  }
};
const snapshot = () => ({ rssMiB: Math.round(rssMiB()), fileHandles: fds(), childProcesses: children() });

const preset = await call('loadPreset', 'googlenet-96');
const before = snapshot();
const callsStart = performance.now();
const methods = [() => call('listPresets'), () => call('inspect', preset), () => call('engines'), () => call('hostInfo'), () => call('listRuns')];
for (let i = 0; i < calls; i += 50) await Promise.all(Array.from({ length: Math.min(50, calls - i) }, (_, j) => methods[(i + j) % methods.length]()));
const callsSeconds = (performance.now() - callsStart) / 1000;
const afterCalls = snapshot();

const graph = await call('loadPreset', 'small-cnn');
const cyclesStart = performance.now();
const statuses = {};
for (let i = 0; i < cycles; i++) {
  const run = await call('startTraining', graph, { data: { dir: data, workers: 1 }, epochs: 50, batchSize: 8, backend: 'wasm' });
  const end = new Promise((resolve) => {
    const listener = (m) => {
      if (m.runId !== run.id) return;
      if (m.event.type === 'batch' && !listener.stopping) {
        listener.stopping = true;
        call('stopTraining', run.id).catch(() => undefined);
      }
      if (m.event.type === 'end') {
        listeners.delete(listener);
        resolve(m.event.status);
      }
    };
    listeners.add(listener);
  });
  const status = await end;
  statuses[status] = (statuses[status] ?? 0) + 1;
}
const cyclesSeconds = (performance.now() - cyclesStart) / 1000;
await new Promise((r) => setTimeout(r, 1000));
const afterCycles = snapshot();

ws.close();
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
rmSync(work, { recursive: true, force: true });

const result = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model },
  calls: { count: calls, seconds: Number(callsSeconds.toFixed(2)), perSecond: Math.round(calls / callsSeconds) },
  cycles: { count: cycles, seconds: Number(cyclesSeconds.toFixed(1)), endStatuses: statuses },
  server: { before, afterCalls, afterCycles },
  strayProcesses: afterCycles.childProcesses,
  fileHandleGrowth: afterCycles.fileHandles - before.fileHandles,
  rssGrowthMiB: afterCycles.rssMiB - before.rssMiB,
};
console.log(JSON.stringify(result, null, 2));
process.exit(result.strayProcesses === 0 && result.fileHandleGrowth <= 5 ? 0 : 1);
