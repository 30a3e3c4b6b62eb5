import { existsSync } from 'node:fs';
import { copyFile, readFile } from 'node:fs/promises';
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

/** A run's labels and preprocessing as JSON text by name (those it has), for a model file's own metadata. */
export async function runMetadataText(runDir: string): Promise<Record<string, string>> {
  const metadata: Record<string, string> = {};
  for (const key of ['labels', 'preprocessing']) {
    const file = path.join(runDir, 'model', `${key}.json`);
    if (existsSync(file)) metadata[key] = JSON.stringify(JSON.parse(await readFile(file, 'utf8')));
  }
  return metadata;
}
