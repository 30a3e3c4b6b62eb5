// Does fine-tuning pay? small-cnn trained by the app's own CLI on Fashion-MNIST classes 0–4 (T-shirt/top,
// Trouser, Pullover, Dress, Coat), then trained on a small folder of the other five classes (Sandal, Shirt,
// Sneaker, Bag, Ankle boot; --few images each) three ways, per seed: fine-tuned with the features frozen
// (--init, --freeze-up-to pool2: a new head only), fine-tuned with everything trainable (--init), and from
// random initial weights. Each is evaluated with `inception evaluate` on held-out test images of those five
// classes. Prints JSON: per-seed accuracies, their means, and the margins.
//   npm run build:node && node scripts/bench-finetune.mjs [--pretrain-per-class N] [--pretrain-epochs N]
//        [--few N] [--epochs N] [--test-per-class N] [--seeds 0,1,2] [--workspace DIR] [--pretrained RUN] [--frozen-only]
// --pretrained RUN reuses a pretrained run of the workspace; --frozen-only leaves out the all-trainable variant.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { bundleSources } from './bench/bundleSources.mjs';
import { inceptionCli } from './bench/inceptionCli.mjs';

const argv = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
};
const pretrainPerClass = Number(arg('pretrain-per-class', 600));
const pretrainEpochs = Number(arg('pretrain-epochs', 4));
const few = Number(arg('few', 10));
const epochs = Number(arg('epochs', 20));
const testPerClass = Number(arg('test-per-class', 500));
const seeds = arg('seeds', '0,1,2').split(',').map(Number);
const reuse = arg('pretrained', null);
const frozenOnly = argv.includes('--frozen-only');
const workspace = path.resolve(arg('workspace', await mkdtemp(path.join(os.tmpdir(), 'bench-finetune-'))));
if (!existsSync('dist/node/cli.mjs')) throw new Error('build first: npm run build:node');

const started = performance.now();
const seconds = (from) => Math.round((performance.now() - from) / 100) / 10;
const round = (x) => Math.round(x * 10000) / 10000;
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Class folders of some Fashion-MNIST labels only: the first `perClass` images of each in `split`. */
async function writeFolders() {
  const bundle = await bundleSources({ fashionMnist: 'src/data/testing/fashionMnist.ts' });
  try {
    const fmnist = await bundle.load('fashionMnist');
    if (!fmnist.fashionMnistAvailable()) throw new Error(`Fashion-MNIST not found in ${fmnist.FASHION_MNIST_DIR}`);
    const folder = async (name, split, perClass, labels) => {
      const dir = path.join(workspace, 'data', name);
      await mkdir(dir, { recursive: true });
      await fmnist.writeFashionMnistFolder(dir, { split, perClass, format: 'png' });
      const others = fmnist.FASHION_MNIST_CLASSES.filter((_, label) => !labels.includes(label));
      await Promise.all(others.map((c) => rm(path.join(dir, c), { recursive: true })));
      return dir;
    };
    return {
      pretrain: reuse ? null : await folder('pretrain', 'train', pretrainPerClass, [0, 1, 2, 3, 4]),
      few: await folder('few', 'train', few, [5, 6, 7, 8, 9]),
      test: await folder('test', 't10k', testPerClass, [5, 6, 7, 8, 9]),
    };
  } finally {
    await bundle.cleanup();
  }
}

const inception = (args) => inceptionCli(args, workspace);

/** Trains (CLI flags), evaluates on the test folder; the run id, test accuracy and seconds. */
async function trainAndTest(flags, data) {
  const t = performance.now();
  const events = await inception(['train', ...flags, '--data', data, '--engine', 'tfjs', '--batch', '16', '--val-fraction', '0']);
  const start = events.find((e) => e.type === 'start');
  const end = events.at(-1);
  if (end?.type !== 'end' || end.status !== 'completed') throw new Error(`run did not complete: ${JSON.stringify(end)}`);
  const [result] = await inception(['evaluate', await latestRun(), '--data', folders.test]);
  return { accuracy: round(result.accuracy), seconds: seconds(t), ...(start.init && { init: start.init }) };
}

/** The newest run folder of the workspace (run ids sort by time). */
async function latestRun() {
  const ids = (await readdir(path.join(workspace, 'runs'))).sort();
  return path.join(workspace, 'runs', ids.at(-1));
}

const dataStart = performance.now();
const folders = await writeFolders();
const dataSeconds = seconds(dataStart);

/** Pretrains on classes 0–4, or takes the run --pretrained names. */
async function pretrain() {
  if (reuse) return { run: reuse, reused: true };
  const t = performance.now();
  const events = await inception(['train', '--preset', 'small-cnn', '--fix-classes', '--data', folders.pretrain, '--engine', 'tfjs',
    '--epochs', String(pretrainEpochs), '--batch', '32', '--lr', '0.003', '--val-fraction', '0.1']);
  return { run: path.basename(await latestRun()), bestValAccuracy: events.at(-1).bestValAccuracy, seconds: seconds(t) };
}
const pretrained = await pretrain();

const common = ['--epochs', String(epochs), '--lr', '0.003'];
const perSeed = [];
for (const seed of seeds) {
  const s = ['--seed', String(seed), ...common];
  const frozen = await trainAndTest(['--init', pretrained.run, '--freeze-up-to', 'pool2', ...s], folders.few);
  const all = frozenOnly ? null : await trainAndTest(['--init', pretrained.run, ...s], folders.few);
  const scratch = await trainAndTest(['--preset', 'small-cnn', '--fix-classes', ...s], folders.few);
  perSeed.push({ seed, fineTunedFrozen: frozen, fineTunedAll: all, scratch });
  process.stderr.write(`seed ${seed}: frozen ${frozen.accuracy}, all trainable ${all?.accuracy ?? '-'}, scratch ${scratch.accuracy}\n`);
}

const acc = (key) => (frozenOnly && key === 'fineTunedAll' ? [NaN] : perSeed.map((r) => r[key].accuracy));
const margins = (key) => (frozenOnly && key === 'fineTunedAll' ? null : perSeed.map((r) => round(r[key].accuracy - r.scratch.accuracy)));
console.log(JSON.stringify({
  design: 'small-cnn', engine: 'tfjs',
  pretrain: { classes: '0-4', perClass: pretrainPerClass, epochs: pretrainEpochs, ...pretrained },
  fewShot: { classes: '5-9', perClass: few, epochs, batch: 16, lr: 0.003 },
  test: { classes: '5-9', perClass: testPerClass, split: 't10k' },
  perSeed,
  mean: { fineTunedFrozen: round(mean(acc('fineTunedFrozen'))), fineTunedAll: round(mean(acc('fineTunedAll'))), scratch: round(mean(acc('scratch'))) },
  margin: { frozenMinusScratch: margins('fineTunedFrozen'), allMinusScratch: margins('fineTunedAll') },
  seconds: { data: dataSeconds, total: seconds(started) },
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100) },
  date: new Date().toISOString(),
}, null, 2));
