// Entry bundled by scripts/bench-suspects.mjs: a Fashion-MNIST folder with a share of its labels swapped, and a
// Small CNN run on it (the TF.js engine, as the CI test does at a smaller size).
import path from 'node:path';
import { writeFashionMnistFolder } from '../../src/data/testing/fashionMnist';
import { swapLabels } from '../../src/data/testing/swapLabels';
import { loadPreset } from '../../src/graph/presets';
import { trainNewRun } from '../../src/service/testing/preparedRuns';

export interface SwappedRunOptions { perClass: number; share: number; epochs: number; seed: number }

/** Writes `workspace/images`, swaps the labels, trains `workspace/runs/RUN_ID`; returns the swapped files' paths. */
export async function prepareSwappedRun(workspace: string, runId: string, options: SwappedRunOptions): Promise<{ swapped: string[]; trainSeconds: number }> {
  const data = path.join(workspace, 'images');
  await writeFashionMnistFolder(data, { perClass: options.perClass, split: 'train', format: 'png' });
  const swapped = await swapLabels(data, options.share, options.seed);
  const started = performance.now();
  const result = await trainNewRun({
    runDir: path.join(workspace, 'runs', runId),
    graph: loadPreset('small-cnn'),
    config: { data: { dir: data, workers: 0 }, epochs: options.epochs, batchSize: 32, lr: 0.003, backend: 'wasm', augment: { cropPadding: 0, flip: false, rotation: 0, scale: 0, colorJitter: 0 } },
  });
  if (result.status !== 'completed') throw new Error(`expected the swapped-labels run to complete, found ${result.status}`);
  return { swapped, trainSeconds: (performance.now() - started) / 1000 };
}
