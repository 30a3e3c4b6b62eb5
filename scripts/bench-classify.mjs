// Folder classification as a user runs it: `inception predict RUN FOLDER --csv out.csv` on a generated
// folder of N tiny PNGs (nested two levels deep), with the rate and the peak resident memory of the whole
// process tree (the CLI, its job process, the job's decode threads and its ONNX Runtime process), sampled
// from /proc. With --runtimes, the same folder is classified and evaluated (`inception evaluate RUN --data
// DIR`, N labelled images) on each inference runtime in turn, in the same run, so that their ratio holds on a
// busy machine. Prints JSON.
//   npm run build:node && node scripts/bench-classify.mjs [--images 100000] [--preset small-cnn|googlenet-96] [--cache DIR]
//   node scripts/bench-classify.mjs --preset googlenet-96 --images 1000 --runtimes tfjs,onnx [--rounds 1]
// The folders and a one-epoch run of the preset are written once into the cache folder and reused.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
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
const runtimes = arg('runtimes', '')?.split(',').filter(Boolean) ?? [];
const rounds = Number(arg('rounds', 1));

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
  const trained = spawnSync(process.execPath, [BIN, 'train', '--preset', preset, '--data', data, '--epochs', '1', '--batch', '4', '--fix-classes', '--engine', 'tfjs', '--workspace', workspace], { stdio: ['ignore', process.stderr, 'inherit'] });
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

/** `count` labelled PNGs in the run's two class folders (disc, square), for `inception evaluate`, written once. */
async function ensureLabelledFolder(dir, count) {
  if (existsSync(path.join(dir, '.complete'))) return;
  const pngs = await pictures(DISTINCT);
  for (const [c, name] of ['square', 'disc'].entries()) {
    const sub = path.join(dir, name);
    await mkdir(sub, { recursive: true });
    const mine = pngs.filter((_, i) => i % 2 === c);
    await Promise.all(Array.from({ length: Math.ceil(count / 2) }, (_, j) => writeFile(path.join(sub, `img-${j}.png`), mine[j % mine.length])));
  }
  await writeFile(path.join(dir, '.complete'), '');
}

/** Runs the CLI with the peak resident memory of its process tree; resolves with its stdout and figures. */
async function timedCli(args) {
  const start = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout = (stdout + chunk).slice(-200_000)));
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
  if (code !== 0) throw new Error(`inception ${args.join(' ')} exited with ${code}: ${stdout.slice(-2000)}`);
  return { stdout, wall: (performance.now() - start) / 1000, peakRssMiB: Math.round(peakKiB / 1024) };
}

const round1 = (x) => Math.round(x * 10) / 10;

/** Folder classification on a runtime (`auto` when null): the job's own rate and the wall time with start-up. */
async function classify(runtime) {
  const { stdout, wall, peakRssMiB } = await timedCli(['predict', runId, folder, '--csv', path.join(cache, 'out.csv'), '--workspace', workspace, ...(runtime ? ['--runtime', runtime] : [])]);
  const summary = /completed: (\d+) images classified, (\d+) skipped, in ([\d.]+)s \(([\d.]+) img\/s\)/.exec(stdout);
  const reason = /^runtime: (.*)$/m.exec(stdout)?.[1] ?? null;
  return {
    classified: summary ? Number(summary[1]) : null, skipped: summary ? Number(summary[2]) : null,
    seconds: summary ? Number(summary[3]) : null, imagesPerSecond: summary ? Number(summary[4]) : null,
    wallSecondsWithStartup: round1(wall), peakRssMiB, runtime: reason,
  };
}

/** `inception evaluate` of the labelled folder on a runtime: images/s over the whole command, start-up included. */
async function evaluate(runtime) {
  const { stdout, wall, peakRssMiB } = await timedCli(['evaluate', runId, '--data', labelled, '--json', '--workspace', workspace, '--runtime', runtime]);
  const result = JSON.parse(stdout.trim().split('\n').at(-1));
  return { images: result.count, accuracy: result.accuracy, wallSecondsWithStartup: round1(wall), imagesPerSecondWithStartup: round1(result.count / wall), peakRssMiB, runtime: result.inference?.reason ?? null };
}

const folder = path.join(cache, `folder-${images}`);
const written = await ensureFolder(folder, images);
const workspace = path.join(cache, `ws-${preset}`);
const runId = await ensureRun(workspace);
const labelled = path.join(cache, `labelled-${images}`);
const machine = { date: new Date().toISOString().slice(0, 10), node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, loadAverage: loadavg().map((l) => Math.round(l * 100) / 100) };

if (runtimes.length === 0) {
  console.log(JSON.stringify({ ...machine, preset, folder: { images, format: '28×28 grey PNG, 100 folders × 10 sub-folders', written }, ...(await classify(null)) }, null, 2));
} else {
  await ensureLabelledFolder(labelled, images);
  // The run's ONNX file is written on its first use and kept in the run folder: timed here, once, apart.
  const onnxStart = performance.now();
  const firstImage = path.join(labelled, 'disc', 'img-0.png');
  await timedCli(['predict', runId, firstImage, '--json', '--workspace', workspace, '--runtime', 'onnx']);
  const firstOnnxUseSeconds = round1((performance.now() - onnxStart) / 1000);
  const results = Object.fromEntries(runtimes.map((r) => [r, { classify: [], evaluate: [] }]));
  for (let r = 0; r < rounds; r++) {
    // Interleaved: each round runs every runtime once, the order turning, so that a busy moment slows them alike.
    for (let j = 0; j < runtimes.length; j++) {
      const runtime = runtimes[(j + r) % runtimes.length];
      results[runtime].classify.push(await classify(runtime));
      results[runtime].evaluate.push(await evaluate(runtime));
    }
  }
  // The automatic choice, measured afresh: its reason carries both runtimes' figures from its interleaved rounds.
  await rm(path.join(workspace, 'cache', 'inference-speed.json'), { force: true });
  const automatic = await classify(null);
  const best = (list, key) => Math.max(...list.map((x) => x[key] ?? 0));
  const summary = Object.fromEntries(runtimes.map((r) => [r, { classifyImagesPerSecond: best(results[r].classify, 'imagesPerSecond'), evaluateImagesPerSecondWithStartup: best(results[r].evaluate, 'imagesPerSecondWithStartup') }]));
  const [base, ...others] = runtimes;
  const ratios = Object.fromEntries(others.map((r) => [`${r}/${base}`, {
    classify: round1(summary[r].classifyImagesPerSecond / summary[base].classifyImagesPerSecond),
    evaluate: round1(summary[r].evaluateImagesPerSecondWithStartup / summary[base].evaluateImagesPerSecondWithStartup),
  }]));
  console.log(JSON.stringify({
    ...machine, preset, rounds, folder: { images, format: '28×28 grey PNG, 100 folders × 10 sub-folders; the labelled copy in 2 class folders', written },
    firstOnnxUseSeconds, summary, ratios, automatic: { imagesPerSecond: automatic.imagesPerSecond, runtime: automatic.runtime }, loadAverageAfter: loadavg().map((l) => Math.round(l * 100) / 100), results,
  }, null, 2));
}
