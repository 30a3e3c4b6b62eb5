// Entry bundled by scripts/bench-retrain.mjs: the folder's copies with suspects' proposals accepted, and the
// clean test folder the runs are compared on.
import { cp, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Suspect } from '../../src/contract/errorAnalysis';
import { moveToClass } from '../../src/data/folderFixes';
import { writeFashionMnistFolder } from '../../src/data/testing/fashionMnist';
export { prepareSwappedRun, trainSmallCnn } from './suspects';

/** Correctly labelled Fashion-MNIST test images (`t10k`, never trained on), `perClass` a class. */
export async function writeCleanTest(dir: string, perClass: number): Promise<void> {
  await writeFashionMnistFolder(dir, { perClass, split: 't10k', format: 'png' });
}

/**
 * A copy of `data` at `copy` with the first `count` suspects moved to their proposed class, as the app's
 * "Move to ‹proposed›" does (logged, undoable). Returns how many of the moves put a file back in its true class.
 */
export async function acceptProposals(data: string, copy: string, suspects: Suspect[], count: number, trueClass: Record<string, string>, runId: string): Promise<{ moved: number; toTrueClass: number }> {
  await cp(data, copy, { recursive: true });
  let toTrueClass = 0;
  const accepted = suspects.slice(0, count);
  for (const s of accepted) {
    await moveToClass(copy, path.join(copy, path.relative(data, s.path)), s.proposed, runId);
    if (trueClass[path.basename(s.path)] === s.proposed) toTrueClass++;
  }
  return { moved: accepted.length, toTrueClass };
}

/** A copy of `data` with every file back in the class it had before the swap: the best the fixes could do. */
export async function restoreAll(data: string, copy: string, trueClass: Record<string, string>): Promise<number> {
  await cp(data, copy, { recursive: true });
  let moved = 0;
  for (const c of await readdir(copy)) {
    for (const f of await readdir(path.join(copy, c))) {
      if (trueClass[f] && trueClass[f] !== c) {
        await moveToClass(copy, path.join(copy, c, f), trueClass[f]);
        moved++;
      }
    }
  }
  return moved;
}
