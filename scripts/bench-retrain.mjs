// Does accepting the suspects' proposals and training again help? Real Fashion-MNIST training images (--per-class
// each), --share of them (seeded) moved into another class's folder, a Small CNN run (--epochs, TF.js wasm), then
// `inception suspects RUN --folds K`; the top k and the top 2×k proposals (k = the number swapped) accepted on
// copies of the folder (moved as the app's "Move to" moves them), and, as the ceiling, every swapped file put
// back. Each folder trains again with the same recipe; all runs are evaluated on --test-per-class correctly
// labelled Fashion-MNIST test images (t10k, never trained on). Prints JSON.
//   npm run build:node && node scripts/bench-retrain.mjs [--per-class 100] [--share 0.05] [--epochs 6] [--folds 4] [--seed 11] [--test-per-class 100]
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { bundleSources } from './bench/bundleSources.mjs';
import { inceptionCli } from './bench/inceptionCli.mjs';

const argv = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const options = { perClass: arg('per-class', 100), share: arg('share', 0.05), epochs: arg('epochs', 6), seed: arg('seed', 11) };
const folds = arg('folds', 4);
const testPerClass = arg('test-per-class', 100);
const runId = '20260102-090000-swapped';

const workspace = await mkdtemp(path.join(os.tmpdir(), 'bench-retrain-'));
const bundle = await bundleSources({ retrain: 'scripts/bench/retrain.ts' }, 'inception-bench-retrain-');
const started = performance.now();
try {
  const { prepareSwappedRun, trainSmallCnn, writeCleanTest, acceptProposals, restoreAll } = await bundle.load('retrain');
  const data = path.join(workspace, 'images');
  const test = path.join(workspace, 'test');
  await writeCleanTest(test, testPerClass);
  const { swapped, trueClass, trainSeconds } = await prepareSwappedRun(workspace, runId, options);
  const [suspects] = await inceptionCli(['suspects', runId, '--folds', String(folds)], workspace);
  const k = swapped.length;
  const evaluate = async (id) => (await inceptionCli(['evaluate', id, '--data', test, '--runtime', 'tfjs'], workspace))[0];
  const runs = [{ name: 'swapped labels (the first run)', id: runId, trainSeconds, test: await evaluate(runId) }];
  const variants = [
    { name: `top k = ${k} proposals accepted`, make: (copy) => acceptProposals(data, copy, suspects.suspects, k, trueClass, runId) },
    { name: `top 2k = ${2 * k} proposals accepted`, make: (copy) => acceptProposals(data, copy, suspects.suspects, 2 * k, trueClass, runId) },
    { name: 'every swapped file put back (the ceiling)', make: async (copy) => ({ moved: await restoreAll(data, copy, trueClass), toTrueClass: k }) },
  ];
  for (const [i, variant] of variants.entries()) {
    const copy = path.join(workspace, `images-${i + 1}`);
    const fixes = await variant.make(copy);
    const id = `20260102-09000${i + 1}-retrained`;
    const seconds = await trainSmallCnn(workspace, id, copy, options.epochs);
    runs.push({ name: variant.name, id, fixes, trainSeconds: seconds, test: await evaluate(id) });
  }
  console.log(JSON.stringify({
    ...options, folds, files: suspects.count, swapped: k, flagged: suspects.suspects.length, suspectsSeconds: suspects.seconds,
    testImages: runs[0].test.count,
    runs: runs.map((r) => ({ name: r.name, fixes: r.fixes, trainSeconds: Math.round(r.trainSeconds), testAccuracy: r.test.accuracy })),
    totalSeconds: Math.round((performance.now() - started) / 1000),
  }, null, 2));
} finally {
  await bundle.cleanup();
  await rm(workspace, { recursive: true, force: true });
}
