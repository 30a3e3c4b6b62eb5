// Folder classification as a user runs it: `inception predict RUN FOLDER --csv out.csv` on a generated
// folder of N tiny PNGs (nested two levels deep), with the rate and the peak resident memory of the whole
// process tree (the CLI, its job process and the job's decode threads), sampled from /proc. Prints JSON.
//   npm run build:node && node scripts/bench-classify.mjs [--images 100000] [--preset small-cnn|googlenet-96] [--cache DIR]
// The folder and a one-epoch run of the preset are written once into the cache folder and reused.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const images = Number(arg('images', 100_000));
const preset = arg('preset', 'small-cnn');
const cache = path.resolve(arg('cache', '.tmp/bench-classify'));
const BIN = path.resolve('bin/inception.mjs');
const DISTINCT = 500;

/** Small seeded pictures: a bright disc or square on a dark ground, in grey, 28×28. */
async function pictures(count, seed = 1) {
  let s = seed;
  const rand = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  return Promise.all(Array.from({ length: count }, (_, i) => {
    const pixels = Buffer.alloc(28 * 28);
    const cx = 8 + rand() * 12, cy = 8 + rand() * 12, r = 3 + rand() * 6;
    for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) {
      const inside = i % 2 ? Math.hypot(x - cx, y - cy) < r : Math.abs(x - cx) < r && Math.abs(y - cy) < r;
      pixels[y * 28 + x] = inside ? 200 + rand() * 55 : rand() * 40;
    }
    return sharp(pixels, { raw: { width: 28, height: 28, channels: 1 } }).png().toBuffer();
  }));
}

/** N PNG files in 100 folders of 10 sub-folders each, written once. */
async function ensureFolder(dir, count) {
  if (existsSync(path.join(dir, '.complete'))) return { reused: true, seconds: 0 };
  const start = performance.now();
  const pngs = await pictures(DISTINCT);
  for (let i = 0; i < count; i += 100) {
    const sub = path.join(dir, `d${String(Math.floor(i / 1000)).padStart(3, '0')}`, `e${Math.floor((i % 1000) / 100)}`);
    await mkdir(sub, { recursive: true });
    await Promise.all(Array.from({ length: Math.min(100, count - i) }, (_, j) => writeFile(path.join(sub, `img-${i + j}.png`), pngs[(i + j) % DISTINCT])));
  }
  await writeFile(path.join(dir, '.complete'), '');
  return { reused: false, seconds: Math.round((performance.now() - start) / 100) / 10 };
}

/** A finished one-epoch run of the preset on two generated classes; its id. */
async function ensureRun(workspace) {
  const runs = path.join(workspace, 'runs');
  const done = existsSync(runs) ? (await readdir(runs)).filter((id) => existsSync(path.join(runs, id, 'model', 'model.json'))) : [];
  if (done.length) return done[0];
  const data = path.join(cache, 'train-data');
  const pngs = await pictures(20, 7);
  for (const [i, png] of pngs.entries()) {
    const dir = path.join(data, i % 2 ? 'disc' : 'square');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, `${i}.png`), png);
  }
  const trained = spawnSync(process.execPath, [BIN, 'train', '--preset', preset, '--data', data, '--epochs', '1', '--batch', '4', '--fix-classes', '--workspace', workspace], { stdio: ['ignore', process.stderr, 'inherit'] });
  if (trained.status !== 0) throw new Error('training the benchmark run failed');
  return (await readdir(runs))[0];
}

/** Resident memory of a process and all its descendants, in KiB, from /proc. */
async function treeRssKiB(root) {
  const parents = new Map();
  for (const pid of (await readdir('/proc')).filter((n) => /^\d+$/.test(n))) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
    if (stat) parents.set(pid, stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  }
  const tree = new Set([String(root)]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, ppid] of parents) if (tree.has(ppid) && !tree.has(pid)) grew = tree.add(pid) && true;
  }
  let total = 0;
  for (const pid of tree) {
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
    total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  }
  return total;
}

const folder = path.join(cache, `folder-${images}`);
const written = await ensureFolder(folder, images);
const workspace = path.join(cache, `ws-${preset}`);
const runId = await ensureRun(workspace);

const start = performance.now();
const child = spawn(process.execPath, [BIN, 'predict', runId, folder, '--csv', path.join(cache, 'out.csv'), '--workspace', workspace], { stdio: ['ignore', 'pipe', 'inherit'] });
let stdout = '';
child.stdout.on('data', (chunk) => (stdout = (stdout + chunk).slice(-2000)));
let peakKiB = 0;
let sampling = true;
const sampler = (async () => {
  while (sampling) {
    peakKiB = Math.max(peakKiB, await treeRssKiB(child.pid));
    await new Promise((r) => setTimeout(r, 250));
  }
})();
const code = await new Promise((resolve) => child.on('exit', resolve));
sampling = false;
await sampler;
const wall = (performance.now() - start) / 1000;
if (code !== 0) throw new Error(`predict exited with ${code}: ${stdout}`);
const summary = /completed: (\d+) images classified, (\d+) skipped, in ([\d.]+)s \(([\d.]+) img\/s\)/.exec(stdout);
console.log(JSON.stringify({
  date: new Date().toISOString().slice(0, 10), node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, preset,
  folder: { images, format: '28×28 grey PNG, 100 folders × 10 sub-folders', written },
  classified: summary ? Number(summary[1]) : null, skipped: summary ? Number(summary[2]) : null,
  seconds: summary ? Number(summary[3]) : null, imagesPerSecond: summary ? Number(summary[4]) : null,
  wallSecondsWithStartup: Math.round(wall * 10) / 10,
  peakRssMiB: Math.round(peakKiB / 1024),
}, null, 2));
