import type { TrainSettings } from '../state/trainSettings';

/**
 * Why the Train screen does not ask the host what "Automatic" picks, or null when it asks. The host answers by
 * measuring both engines on the design (about half a minute of both cores the first time per size class), so it
 * is asked only for a valid design on the canvas, and only while Automatic is the chosen engine: an engine chosen
 * by hand is about to train, and a measurement beside it would slow it and read the machine as busy.
 * `decade` is the design's decade of multiply-adds per image, null while it has none (no design, or errors).
 */
export function autoEngineNotAsked(engine: TrainSettings['engine'], decade: number | null): string | null {
  if (engine !== 'auto') return 'Choose it to measure both engines on this design, in alternating rounds (about half a minute the first time).';
  if (decade === null) return 'It measures both engines once the design on the canvas is valid.';
  return null;
}
