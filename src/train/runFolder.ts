import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { atomicWrite } from '../io/atomicWrite';
import type { TrainEvent } from '../contract/events';

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

/** Appends events to metrics.jsonl, one line each; a torn last line from a crash is skipped when read. */
export class MetricsLog {
  private pending: Promise<void> = Promise.resolve();
  constructor(private readonly file: string) {}

  append(event: TrainEvent): Promise<void> {
    this.pending = this.pending.then(() => appendFile(this.file, JSON.stringify(event) + '\n'));
    return this.pending;
  }

  flush(): Promise<void> {
    return this.pending;
  }
}

export async function readMetrics(file: string): Promise<TrainEvent[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const events: TrainEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      events.push(JSON.parse(line) as TrainEvent);
    } catch {
      // A line cut short by a crash.
    }
  }
  return events;
}
