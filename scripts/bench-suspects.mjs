// How many deliberately swapped labels does `inception suspects` find? Real Fashion-MNIST training images
// (--per-class each), --share of them (seeded) moved into another class's folder, a Small CNN run (--epochs,
// TF.js wasm), then `inception suspects RUN --folds K`. Prints JSON: the swapped files found in the top 2×k
// suspects (k = the number swapped), how many were flagged, the out-of-sample accuracy and the seconds taken.
//   npm run build:node && node scripts/bench-suspects.mjs [--per-class 100] [--share 0.05] [--epochs 6] [--folds 4] [--seed 11]
// Defaults are docs/errors.md's measurement (src/cli/errorAnalysisCommands.test.ts checks a smaller one in CI).
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
const runId = '20260102-090000-swapped';

const workspace = await mkdtemp(path.join(os.tmpdir(), 'bench-suspects-'));
const bundle = await bundleSources({ suspects: 'scripts/bench/suspects.ts' }, 'inception-bench-suspects-');
try {
  const { prepareSwappedRun } = await bundle.load('suspects');
  const { swapped, trainSeconds } = await prepareSwappedRun(workspace, runId, options);
  const started = performance.now();
  const [result] = await inceptionCli(['suspects', runId, '--folds', String(folds)], workspace);
  const wallSeconds = (performance.now() - started) / 1000;
  const top = new Set(result.suspects.slice(0, 2 * swapped.length).map((s) => s.path));
  const flaggedSwapped = result.suspects.filter((s) => swapped.includes(s.path)).length;
  console.log(JSON.stringify({
    ...options, folds, files: result.count, swapped: swapped.length,
    foundInTop2k: swapped.filter((f) => top.has(f)).length,
    recallInTop2k: swapped.filter((f) => top.has(f)).length / swapped.length,
    flagged: result.suspects.length, flaggedSwapped,
    outOfSampleAccuracy: result.accuracy,
    trainSeconds, suspectsSeconds: result.seconds, suspectsWallSeconds: wallSeconds,
  }, null, 2));
} finally {
  await bundle.cleanup();
  await rm(workspace, { recursive: true, force: true });
}
