// Throughput of the data pipeline's batch stream, printed as JSON.
//   node scripts/bench-data.mjs [--images 2000] [--workers N] [--tasks-per-worker N] [--only jpeg-256-rgb]
// The TypeScript sources are bundled with esbuild first (data pipeline + decodeWorker.mjs side by
// side, as in dist/node), so this also exercises the bundled worker. Images are real Fashion-MNIST.
import { availableParallelism, cpus } from 'node:os';
import path from 'node:path';
import { bundleSources } from './bench/bundleSources.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const images = Number(arg('images', 2000));
const workers = Number(arg('workers', availableParallelism()));
const tasksPerWorker = Number(arg('tasks-per-worker', 2));
const only = arg('only', undefined);
const bundle = await bundleSources({
  data: 'src/data/index.ts',
  fashionMnist: 'src/data/testing/fashionMnist.ts',
  decodeWorker: 'src/data/decodeWorker.ts',
});
const work = bundle.work;

try {
  const data = await bundle.load('data');
  const fmnist = await bundle.load('fashionMnist');
  if (!fmnist.fashionMnistAvailable()) throw new Error(`Fashion-MNIST not found in ${fmnist.FASHION_MNIST_DIR}`);

  const perClass = Math.ceil(images / 10);
  const sets = {
    'png-28-grey': { format: 'png', size: 28, rgb: false },
    'jpeg-28-grey': { format: 'jpeg', size: 28, rgb: false },
    'jpeg-256-rgb': { format: 'jpeg', size: 256, rgb: true },
  };
  const samples = {};
  for (const [name, opts] of Object.entries(sets)) {
    if (only && name !== only) continue;
    const dir = path.join(work, name);
    await fmnist.writeFashionMnistFolder(dir, { perClass, split: 'train', ...opts });
    samples[name] = (await data.scanImageFolder(dir)).samples;
  }

  const spec = (size, channels) => ({ height: size, width: size, channels, resize: 'crop', mean: Array(channels).fill(0.5), std: Array(channels).fill(0.25) });
  const augment = { cropPadding: 8, flip: true, rotation: 10, scale: 0.1, colorJitter: 0.2 };
  const cases = [
    { set: 'png-28-grey', spec: spec(28, 1) },
    { set: 'jpeg-28-grey', spec: spec(96, 3) },
    { set: 'jpeg-256-rgb', spec: spec(96, 3) },
    { set: 'jpeg-256-rgb', spec: spec(96, 3), augment },
    { set: 'jpeg-256-rgb', spec: spec(96, 3), cache: true },
    { set: 'jpeg-256-rgb', spec: spec(96, 3), cache: true, augment },
    { set: 'jpeg-256-rgb', spec: spec(96, 3), workers: 0 },
  ];
  const results = [];
  for (const c of cases) {
    if (only && c.set !== only) continue;
    const pool = await data.DecodePool.create({ workers: c.workers ?? workers, tasksPerWorker });
    const cacheDir = c.cache ? path.join(work, `cache-${results.length}`) : undefined;
    const rates = [];
    let cpuMs = 0;
    let decoded = 0;
    for (let epoch = 0; epoch < 3; epoch++) {
      const start = performance.now();
      const cpu = process.cpuUsage();
      let n = 0;
      const stream = data.batches(samples[c.set], { batchSize: 64, spec: c.spec, augment: c.augment, shuffle: true, epoch, pool, cacheDir });
      for await (const batch of stream) n += batch.size;
      const used = process.cpuUsage(cpu);
      rates.push(n / ((performance.now() - start) / 1000));
      if (epoch > 0) {
        cpuMs += (used.user + used.system) / 1000;
        decoded += n;
      }
    }
    await pool.close();
    results.push({
      images: samples[c.set].length,
      source: c.set,
      output: `${c.spec.height}×${c.spec.width}×${c.spec.channels}`,
      workers: c.workers ?? workers,
      augment: Boolean(c.augment),
      cache: Boolean(c.cache),
      // Epoch 0 fills the cache (when there is one); the median of epochs 1 and 2 is reported.
      imagesPerSecond: { epoch0: Math.round(rates[0]), median: Math.round((rates[1] + rates[2]) / 2) },
      // Process CPU time (all threads) per image over epochs 1–2: steadier than wall time on a busy machine.
      cpuMsPerImage: Math.round((cpuMs / decoded) * 100) / 100,
    });
  }
  const rss = Math.round(process.memoryUsage().rss / 1024 / 1024);
  console.log(JSON.stringify({ node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, batchSize: 64, prefetch: 4, tasksPerWorker, rssMiB: rss, results }, null, 2));
} finally {
  await bundle.cleanup();
}
