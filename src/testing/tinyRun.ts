import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFashionMnistFolder } from '../data/testing/fashionMnist';
import type { GraphDoc } from '../graph/types';
import { trainNewRun } from '../service/testing/preparedRuns';
import { EXPORT_TEST_DESIGN } from '../export/testing/designs';

/**
 * Trains a design for one epoch on 10 real Fashion-MNIST images per class (needs Debian's
 * `dataset-fashion-mnist`), in this process, into `<dir>/run`; returns the run and data folders.
 */
export async function trainTinyRun(dir: string, graph: GraphDoc = EXPORT_TEST_DESIGN()): Promise<{ runDir: string; dataDir: string }> {
  const dataDir = path.join(dir, 'images');
  await writeFashionMnistFolder(dataDir, { perClass: 10, split: 't10k', format: 'png' });
  const runDir = path.join(dir, 'run');
  const result = await trainNewRun({
    runDir,
    graph,
    config: { data: { dir: dataDir, workers: 1 }, epochs: 1, batchSize: 16, lr: 0.003, backend: 'wasm', augment: { cropPadding: 0, flip: false, rotation: 0, scale: 0, colorJitter: 0 } },
  });
  if (result.status !== 'completed') throw new Error(`the tiny run ended ${result.status}`);
  return { runDir, dataDir };
}

/** The first image (by name) of one class folder, e.g. of `trainTinyRun`'s data. */
export async function firstImageOf(dataDir: string, className = 'Bag'): Promise<string> {
  const files = (await readdir(path.join(dataDir, className))).sort();
  return path.join(dataDir, className, files[0]);
}
