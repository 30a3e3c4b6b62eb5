import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { atomicWrite } from './atomicWrite';

/** The files of a run folder, as DESIGN.md lays them out. */
export function runPaths(runDir: string) {
  return {
    graph: path.join(runDir, 'graph.json'),
    config: path.join(runDir, 'config.json'),
    metrics: path.join(runDir, 'metrics.jsonl'),
    checkpoints: path.join(runDir, 'checkpoints'),
    last: path.join(runDir, 'checkpoints', 'last'),
    best: path.join(runDir, 'checkpoints', 'best'),
    model: path.join(runDir, 'model'),
    report: path.join(runDir, 'report.json'),
    status: path.join(runDir, 'status.json'),
  };
}

export async function writeJson(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await atomicWrite(file, JSON.stringify(value, null, 2) + '\n');
}

export async function readJson<T>(file: string): Promise<T> {
  return JSON.parse(await readFile(file, 'utf8')) as T;
}
