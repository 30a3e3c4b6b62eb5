// A big image folder through the TF.js engine's data side: scan, split, then one shuffled epoch of batches
// decoded by the worker pool, with the time of each part and the process's peak memory. Prints JSON.
//   node --expose-gc scripts/bench-big-folder.mjs [--images 100000] [--dir DIR]
// The folder is real Fashion-MNIST (28×28 grey PNG: 60,000 training + 10,000 test images), topped up to
// --images with hard links under other names. With --dir it is written once and reused.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { link, readdir, readFile } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleSources } from './bench/bundleSources.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const images = Number(arg('images', 100_000));
const given = arg('dir', undefined);
const writeOnly = process.argv.includes('--write-only');
const mib = (bytes) => Math.round(bytes / 2 ** 20);

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
const rss = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  return mib(process.memoryUsage().rss);
};

async function writeFolder(fmnist, dir, perClass) {
  await fmnist.writeFashionMnistFolder(dir, { perClass: Math.min(perClass, 6000), split: 'train' });
  if (perClass > 6000) await fmnist.writeFashionMnistFolder(dir, { perClass: Math.min(perClass - 6000, 1000), split: 't10k' });
  for (const name of fmnist.FASHION_MNIST_CLASSES) {
    const files = (await readdir(path.join(dir, name))).sort();
    for (let i = 0; files.length + i < perClass; i++) {
      await link(path.join(dir, name, files[i % files.length]), path.join(dir, name, `copy-${i}-${files[i % files.length]}`));
    }
  }
}

const bundle = await bundleSources({ data: 'src/data/index.ts', fashionMnist: 'src/data/testing/fashionMnist.ts', decodeWorker: 'src/data/decodeWorker.ts' });
try {
  const data = await bundle.load('data');
  const fmnist = await bundle.load('fashionMnist');
  const dir = given ?? path.join(bundle.work, 'folder');
  const perClass = Math.ceil(images / 10);

  let written = { seconds: 0, reused: true };
  if (writeOnly) await writeFolder(fmnist, dir, perClass);
  else if (!existsSync(dir) || (await readdir(dir)).length === 0) {
    // Written by a child process, so the Fashion-MNIST files it loads do not count in this one's memory.
    const start = performance.now();
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--write-only', '--dir', dir, '--images', String(images)], { stdio: 'inherit' });
    if (child.status !== 0) throw new Error('writing the folder failed');
    written = { seconds: Math.round((performance.now() - start) / 100) / 10, reused: false };
  }
  if (!writeOnly) await measure(data, dir, written);
} finally {
  clearInterval(sampler);
  await bundle.cleanup();
}

async function measure(data, dir, written) {
  globalThis.gc?.();
  const heapBefore = globalThis.gc ? mib(process.memoryUsage().heapUsed) : null;
  const startRss = rss();

  let start = performance.now();
  const scan = await data.scanImageFolder(dir);
  const scanned = { seconds: (performance.now() - start) / 1000, images: scan.samples.length, classes: scan.classes.length, rssMiB: rss() };
  // What the scan keeps (its sample list), as opposed to the garbage it left: needs node --expose-gc.
  globalThis.gc?.();
  const heapAfterScan = globalThis.gc ? mib(process.memoryUsage().heapUsed) : null;

  start = performance.now();
  const split = data.splitDataset(scan, { validationFraction: 0.1, seed: 0 });
  const splitDone = { seconds: (performance.now() - start) / 1000, train: split.train.length, validation: split.validation.length };

  const workers = availableParallelism();
  const pool = await data.DecodePool.create({ workers });
  const spec = { height: 28, width: 28, channels: 1, resize: 'crop', mean: [0.286], std: [0.353] };
  const augment = { cropPadding: 2, flip: true, rotation: 0, scale: 0, colorJitter: 0 };
  start = performance.now();
  let seen = 0;
  let batchCount = 0;
  const rssAt = [];
  for await (const batch of data.batches(split.train, { batchSize: 64, spec, augment, shuffle: true, epoch: 0, pool })) {
    seen += batch.size;
    if (++batchCount % 200 === 0) rssAt.push(rss());
  }
  const epochSeconds = (performance.now() - start) / 1000;
  await pool.close();

  const status = await readFile('/proc/self/status', 'utf8').catch(() => '');
  const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
  console.log(JSON.stringify({
    date: new Date().toISOString().slice(0, 10), node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model,
    folder: { images: scan.samples.length, format: '28×28 grey PNG', written },
    heapMiB: { beforeScan: heapBefore, afterScanAndGc: heapAfterScan },
    rssMiB: { beforeScan: startRss, afterScan: scanned.rssMiB, duringEpoch: rssAt.length ? { min: Math.min(...rssAt), max: Math.max(...rssAt) } : null,
      peakSampled: mib(peakRss), peakKernel: hwm ? Math.round(Number(hwm[1]) / 1024) : null },
    scan: { seconds: Math.round(scanned.seconds * 100) / 100, classes: scanned.classes },
    split: { seconds: Math.round(splitDone.seconds * 1000) / 1000, train: splitDone.train, validation: splitDone.validation },
    epoch: { images: seen, batches: batchCount, batchSize: 64, workers, augment: true, seconds: Math.round(epochSeconds * 10) / 10,
      imagesPerSecond: Math.round(seen / epochSeconds) },
  }, null, 2));
}
