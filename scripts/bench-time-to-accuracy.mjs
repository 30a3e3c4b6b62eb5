// Time to accuracy, in the spirit of DAWNBench: the googlenet-96 preset trained by the app's own CLI on the
// full Fashion-MNIST training set (Debian's dataset-fashion-mnist, written once as a class-folder tree and
// cached), then `inception evaluate` on the 10,000 test images. Prints JSON; wall time counts everything
// (writing the folders when they are not cached yet, training, evaluation).
//   npm run build && node scripts/bench-time-to-accuracy.mjs [--engine torch|tfjs] [--epochs N] [--per-class N]
//        [--cache DIR] [--workspace DIR] [--plain-steps N] [--plain-batch N] [--design FILE]
//        [-- more train flags, e.g. --resize 64:2]
// --design trains a design file with the googlenet-96 preset's recipe (`--recipe googlenet-96`) instead of the preset.
// --per-class takes the first N training images of each class (a shorter schedule for the TF.js engine).
// Beside the app, in the same run (issue 25): the plain fp32 PyTorch loop (scripts/bench/plain_torch_loop.py,
// --plain-steps batches at 96 px, default 200, before training and again after evaluation; 0 skips it),
// extrapolated to one epoch of the training images, and the machine's convolution peak (fp32, bf16). It
// prints the end-to-end time in such plain epochs, and per epoch the input size, the seconds in plain
// epochs, and the GFLOP/s the engine reached (6 FLOPs per multiply-accumulate of the design at that size:
// forward and both backward passes) as a share of the peak.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { bundleSources } from './bench/bundleSources.mjs';
import { inceptionCli } from './bench/inceptionCli.mjs';
import { convPeak, plainLoop } from './bench/plainBeside.mjs';

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
const plainSteps = Number(arg('plain-steps', 200));
const plainBatch = Number(arg('plain-batch', 32));
const designFile = arg('design', undefined);
const resizeFlag = extra.includes('--resize') ? extra[extra.indexOf('--resize') + 1] : undefined;
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

const helpers = await bundleSources({ detect: 'src/torch/detect.ts', designCost: 'scripts/bench/designCost.ts' });
const { detectTorch } = await helpers.load('detect');
const { epochCosts } = await helpers.load('designCost');
// The bundle lives in a temporary folder: the runner's Python files are found through the variable.
process.env.INCEPTION_PYTHON_ASSETS ??= path.resolve('assets', 'python');
const torchStatus = plainSteps > 0 ? await detectTorch() : null;
const python = torchStatus?.python ?? null;
if (plainSteps > 0 && !python) throw new Error(`the plain loop needs PyTorch (or pass --plain-steps 0): ${torchStatus.reason}`);
const plainImages = perClass * 10 * 0.9; // the training images after the 10 % held out by the preset's recipe
const plainBefore = python ? await plainLoop(python, { steps: plainSteps, batch: plainBatch, images: plainImages }) : null;
const peak = python ? await convPeak(python) : null;
if (plainBefore) process.stderr.write(`plain fp32 loop: ${plainBefore.imagesPerSecond} images/s, one epoch of ${plainImages} images ${plainBefore.epochSeconds} s; conv peak ${JSON.stringify(peak.gflops)} GFLOP/s\n`);

const trainStart = performance.now();
const design = designFile ? [path.resolve(designFile), '--recipe', 'googlenet-96'] : ['--preset', 'googlenet-96'];
const events = await inception(['train', ...design, '--data', folders.train, '--engine', engine, ...(epochs ? ['--epochs', epochs] : []), ...extra]);
const trainSeconds = seconds(trainStart);
const start = events.find((e) => e.type === 'start');
const end = events.find((e) => e.type === 'end');
if (end?.status !== 'completed') throw new Error(`training ended ${end?.status}: ${end?.message ?? ''}`);
const runId = (await import('node:fs')).readdirSync(path.join(workspace, 'runs'))[0];

const evalStart = performance.now();
const [evaluation] = await inception(['evaluate', runId, '--data', folders.test]);
const evalSeconds = seconds(evalStart);

const plainAfter = python ? await plainLoop(python, { steps: plainSteps, batch: plainBatch, images: plainImages }) : null;
const plainEpoch = plainBefore ? (plainBefore.epochSeconds + plainAfter.epochSeconds) / 2 : null;
const inPlainEpochs = (s) => (plainEpoch ? Math.round((s / plainEpoch) * 100) / 100 : null);
const epochEvents = events.filter((e) => e.type === 'epoch');
const costs = epochCosts(designFile ? JSON.parse((await import('node:fs')).readFileSync(designFile, 'utf8')) : 'googlenet-96', resizeFlag, start.epochs);
const share = (gflops, of) => (of ? Math.round((gflops / of) * 1000) / 1000 : null);
await helpers.cleanup();

const t0 = start.time;
const totalSeconds = seconds(started);
console.log(JSON.stringify({
  date: new Date().toISOString(),
  machine: { cpu: os.cpus()[0]?.model, cores: os.availableParallelism(), memoryGiB: Math.round(os.totalmem() / 2 ** 30), load: os.loadavg().map((l) => Math.round(l * 100) / 100) },
  engine: start.engine,
  backend: start.backend,
  run: path.join(workspace, 'runs', runId),
  trainImages: start.trainSize,
  valImages: start.valSize,
  design: designFile ? path.resolve(designFile) : 'googlenet-96 (preset)',
  trainFlags: extra,
  epochs: epochEvents.map((e) => {
    const { size, macs } = costs[e.epoch];
    const gflops = Math.round(((e.imagesPerSecond * 6 * macs) / 1e9) * 10) / 10;
    return {
      epoch: e.epoch + 1, inputSize: size, loss: e.loss, accuracy: e.accuracy, valLoss: e.valLoss, valAccuracy: e.valAccuracy,
      imagesPerSecond: Math.round(e.imagesPerSecond), seconds: Math.round(e.seconds), inPlainEpochs: inPlainEpochs(e.seconds),
      minutesSinceStart: Math.round((e.time - t0) / 0.6) / 100, trainGflops: gflops,
      shareOfConvPeak: peak && { fp32: share(gflops, peak.gflops.fp32), bf16: share(gflops, peak.gflops.bf16) },
    };
  }),
  testImages: evaluation.count,
  testAccuracy: evaluation.accuracy,
  testTop5: evaluation.top5,
  // total: the app's own time; the plain loop and the peak are measured beside it (allSides: everything).
  seconds: { data: dataSeconds, train: trainSeconds, evaluate: evalSeconds, total: Math.round((dataSeconds + trainSeconds + evalSeconds) * 10) / 10, allSides: totalSeconds },
  plainLoop: plainBefore && { before: plainBefore, after: plainAfter, epochSeconds: Math.round(plainEpoch * 10) / 10 },
  convPeak: peak,
  // endToEnd: training (preparing and decoding included) and evaluation, without writing the folders (cached once).
  inPlainEpochs: plainEpoch && {
    endToEnd: inPlainEpochs(trainSeconds + evalSeconds),
    train: inPlainEpochs(trainSeconds),
    evaluate: inPlainEpochs(evalSeconds),
  },
}, null, 2));
