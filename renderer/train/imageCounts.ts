import { formatCount } from '../components/format';

/**
 * The run header's image counts: the split as it started, and the files found unreadable while training
 * (left out of every count after, as the run's report and README say).
 * @example runImagesCaption(120, 38, 2) // "120 training / 38 validation images · 2 left out while training"
 */
export function runImagesCaption(trainSize: number, valSize: number, leftOutWhileTraining: number): string {
  const split = `${formatCount(trainSize)} training / ${formatCount(valSize)} validation images`;
  return leftOutWhileTraining > 0 ? `${split} · ${formatCount(leftOutWhileTraining)} left out while training` : split;
}
