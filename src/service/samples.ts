import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SHAPE_CLASSES, writeShapesFolder } from '../data/sampleShapes';

/** Pictures per class of the sample folder: enough for the Small CNN to reach about 0.8–0.9 in ten epochs. */
export const SAMPLE_PER_CLASS = 250;

/** The sample folder of a workspace. */
export const sampleDir = (workspace: string): string => path.join(workspace, 'samples', 'shapes');

/** A hidden file (the scan ignores it) written last, so a half-written folder is written again. */
const COMPLETE = '.complete';

/**
 * The workspace's sample image folder (four generated shapes), written the first time it is asked for.
 * @returns the folder, its classes and image count, and whether it was written now.
 */
export function ensureSampleFolder(workspace: string): Promise<SampleFolder> {
  const dir = sampleDir(workspace);
  // Two windows asking at once share one writing.
  const running = writing.get(dir) ?? write(dir).finally(() => writing.delete(dir));
  writing.set(dir, running);
  return running;
}

export interface SampleFolder { dir: string; classes: string[]; images: number; created: boolean }

const writing = new Map<string, Promise<SampleFolder>>();

async function write(dir: string): Promise<SampleFolder> {
  const images = SAMPLE_PER_CLASS * SHAPE_CLASSES.length;
  if (existsSync(path.join(dir, COMPLETE))) return { dir, classes: [...SHAPE_CLASSES], images, created: false };
  await rm(dir, { recursive: true, force: true });
  await writeShapesFolder(dir, { perClass: SAMPLE_PER_CLASS });
  await writeFile(path.join(dir, COMPLETE), `${new Date().toISOString()}\n`);
  return { dir, classes: [...SHAPE_CLASSES], images, created: true };
}
