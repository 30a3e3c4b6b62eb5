import { existsSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import path from 'node:path';

/** Copies labels.json and preprocessing.json of a run's model/ (or its report) when they exist. */
export async function copyRunMetadata(runDir: string, outDir: string): Promise<string[]> {
  const files: string[] = [];
  for (const name of ['labels.json', 'preprocessing.json']) {
    const from = path.join(runDir, 'model', name);
    if (existsSync(from)) {
      await copyFile(from, path.join(outDir, name));
      files.push(name);
    }
  }
  return files;
}
