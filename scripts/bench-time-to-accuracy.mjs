// Time to accuracy, in the spirit of DAWNBench: the googlenet-96 preset trained by the app's own CLI on the
// full Fashion-MNIST training set (Debian's dataset-fashion-mnist, written once as a class-folder tree and
// cached), then `inception evaluate` on the 10,000 test images. Prints JSON; wall time counts everything
// (writing the folders when they are not cached yet, training, evaluation).
//   npm run build && node scripts/bench-time-to-accuracy.mjs [--engine torch|tfjs] [--epochs N] [--per-class N]
//        [--cache DIR] [--workspace DIR] [-- more train flags]
// --per-class takes the first N training images of each class (a shorter schedule for the TF.js engine).
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { bundleSources } from './bench/bundleSources.mjs';
import { inceptionCli } from './bench/inceptionCli.mjs';

const argv = process.argv.slice(2);
const extra = argv.includes('--') ? argv.slice(argv.indexOf('--') + 1) : [];
const arg = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && (!argv.includes('--') || i < argv.indexOf('--')) ? argv[i + 1] : fallback;
};
const engine = arg('engine', 'torch');
const epochs = arg('epochs', undefined);
const perClass = Number(arg('per-class', 6000));
const cache = path.resolve(arg('cache', path.join(os.homedir(), '.cache', 'inception-studio', 'fashion-mnist-folders')));
const workspace = path.resolve(arg('workspace', await mkdtemp(path.join(os.tmpdir(), 'tta-'))));
if (!existsSync('dist/node/cli.mjs')) throw new Error('build first: npm run build');

const started = performance.now();
const seconds = (from) => Math.round((performance.now() - from) / 100) / 10;

/** Both splits as class folders, written once: the full training set (or perClass of it) and the test set. */
async function writeFolders() {
  const bundle = await bundleSources({ fashionMnist: 'src/data/testing/fashionMnist.ts' });
  try {
    const fmnist = await bundle.load('fashionMnist');
    if (!fmnist.fashionMnistAvailable()) throw new Error(`Fashion-MNIST not found in ${fmnist.FASHION_MNIST_DIR}`);
    const folders = { train: path.join(cache, `train-${perClass}`), test: path.join(cache, 'test') };
    for (const [name, dir] of Object.entries(folders)) {
      const done = path.join(dir, '.complete');
      if (existsSync(done)) continue;
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir, { recursive: true });
      const split = name === 'train' ? 'train' : 't10k';
      await fmnist.writeFashionMnistFolder(dir, { split, perClass: name === 'train' ? perClass : 1000, format: 'png' });
      await writeFile(done, new Date().toISOString());
    }
    return folders;
  } finally {
    await bundle.cleanup();
  }
}

/** The CLI in the benchmark's workspace; epoch events are echoed on stderr as they come. */
const inception = (args) => inceptionCli(args, workspace, (line) => {
  if (line.includes('"type":"epoch"')) process.stderr.write(`${line}\n`);
});

const dataStart = performance.now();
const folders = await writeFolders();
const dataSeconds = seconds(dataStart);

const trainStart = performance.now();
const events = await inception(['train', '--preset', 'googlenet-96', '--data', folders.train, '--engine', engine, ...(epochs ? ['--epochs', epochs] : []), ...extra]);
const trainSeconds = seconds(trainStart);
const start = events.find((e) => e.type === 'start');
const end = events.find((e) => e.type === 'end');
if (end?.status !== 'completed') throw new Error(`training ended ${end?.status}: ${end?.message ?? ''}`);
const runId = (await import('node:fs')).readdirSync(path.join(workspace, 'runs'))[0];

const evalStart = performance.now();
const [evaluation] = await inception(['evaluate', runId, '--data', folders.test]);
const evalSeconds = seconds(evalStart);

const t0 = start.time;
console.log(JSON.stringify({
  date: new Date().toISOString(),
  machine: { cpu: os.cpus()[0]?.model, cores: os.availableParallelism(), memoryGiB: Math.round(os.totalmem() / 2 ** 30), load: os.loadavg().map((l) => Math.round(l * 100) / 100) },
  engine: start.engine,
  backend: start.backend,
  run: path.join(workspace, 'runs', runId),
  trainImages: start.trainSize,
  valImages: start.valSize,
  epochs: events.filter((e) => e.type === 'epoch').map((e) => ({
    epoch: e.epoch + 1, loss: e.loss, accuracy: e.accuracy, valLoss: e.valLoss, valAccuracy: e.valAccuracy,
    imagesPerSecond: Math.round(e.imagesPerSecond), minutesSinceStart: Math.round((e.time - t0) / 0.6) / 100,
  })),
  testImages: evaluation.count,
  testAccuracy: evaluation.accuracy,
  testTop5: evaluation.top5,
  seconds: { data: dataSeconds, train: trainSeconds, evaluate: evalSeconds, total: seconds(started) },
}, null, 2));
