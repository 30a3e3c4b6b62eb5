import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { PreprocessSpec } from '../../data';
import { calibrationCandidates, spread } from './calibrationFiles';
import { decodeToBatches, type DecodedBatches } from './imageBatches';

/**
 * The calibration images of an int8 export, decoded into batch files under `work/calibration`: up to `most`
 * (256 by default) spread over `folder`'s images, or over the run's training images.
 * @throws when none of them can be read, naming where they came from and the first reason.
 */
export async function decodeCalibrationImages(
  runDir: string,
  spec: PreprocessSpec,
  work: string,
  options: { folder?: string; most?: number },
): Promise<DecodedBatches & { source: string }> {
  const candidates = await calibrationCandidates(runDir, options.folder);
  await mkdir(path.join(work, 'calibration'));
  const calibration = await decodeToBatches(spread(candidates.files, options.most ?? 256), spec, path.join(work, 'calibration'));
  if (!calibration.used.length) {
    const first = calibration.unreadable[0];
    throw new Error(`${candidates.source}: expected images to calibrate on, found no readable image${first ? ` (${calibration.unreadable.length} tried; ${first.path}: ${first.reason})` : ' (no image files at all)'}`);
  }
  return { ...calibration, source: candidates.source };
}
