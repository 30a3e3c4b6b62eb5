// Entry bundled by scripts/bench-suspects.mjs: a Fashion-MNIST folder with a share of its labels swapped, and a
// Small CNN run on it (the TF.js engine, as the CI test does at a smaller size).
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFashionMnistFolder } from '../../src/data/testing/fashionMnist';
import { swapLabels } from '../../src/data/testing/swapLabels';
import { loadPreset } from '../../src/graph/presets';
import { runTraining } from '../../src/train/run';

export interface SwappedRunOptions { perClass: number; share: number; epochs: number; seed: number }

/** Trains a Small CNN on `data` into `workspace/runs/RUN_ID` with the benchmarks' one recipe; returns the seconds it took. */
export async function trainSmallCnn(workspace: string, runId: string, data: string, epochs: number): Promise<number> {
  const started = performance.now();
  const result = await runTraining({
    runDir: path.join(workspace, 'runs', runId),
    graph: loadPreset('small-cnn'),
    config: { data: { dir: data, workers: 0 }, epochs, batchSize: 32, lr: 0.003, backend: 'wasm', augment: { cropPadding: 0, flip: false, rotation: 0, scale: 0, colorJitter: 0 } },
  });
  if (result.status !== 'completed') throw new Error(`expected run ${runId} to complete, found ${result.status}`);
  return (performance.now() - started) / 1000;
}

/**
 * Writes `workspace/images`, swaps the labels, trains `workspace/runs/RUN_ID`; returns the swapped files' paths
 * and, by file name, the class each file had before the swap.
 */
export async function prepareSwappedRun(workspace: string, runId: string, options: SwappedRunOptions): Promise<{ swapped: string[]; trueClass: Record<string, string>; trainSeconds: number }> {
  const data = path.join(workspace, 'images');
  await writeFashionMnistFolder(data, { perClass: options.perClass, split: 'train', format: 'png' });
  const trueClass: Record<string, string> = {};
  for (const c of await readdir(data)) for (const f of await readdir(path.join(data, c))) trueClass[f] = c;
  const swapped = await swapLabels(data, options.share, options.seed);
  return { swapped, trueClass, trainSeconds: await trainSmallCnn(workspace, runId, data, options.epochs) };
}
