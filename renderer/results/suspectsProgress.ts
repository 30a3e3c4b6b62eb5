import type { SuspectsProgress } from '../../src/service/api';

/** A suspects search's progress in words: the fold and its epoch, or the images scored so far. */
export function describeSuspectsProgress(progress: SuspectsProgress | null): string {
  if (!progress) return 'Preparing the folds…';
  const fold = `Fold ${progress.fold} of ${progress.folds}`;
  const images = `${progress.imagesDone} of ${progress.images} images scored`;
  if (progress.phase === 'scoring') return `${fold}: scoring its held-out images · ${images}`;
  const epoch = progress.epoch === 0 ? 'training starts' : `training, epoch ${progress.epoch} of ${progress.epochs}`;
  return `${fold}: ${epoch} · ${images}`;
}

/** How far the search is, 0 to 1: folds done, and the current fold's epochs (its scoring counts as done). */
export function suspectsFraction(progress: SuspectsProgress | null): number {
  if (!progress) return 0;
  const inFold = progress.phase === 'scoring' ? 1 : progress.epoch / progress.epochs;
  return Math.min(1, (progress.fold - 1 + inFold) / progress.folds);
}
