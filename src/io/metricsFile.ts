import { appendFile, readFile } from 'node:fs/promises';
import type { TrainEvent } from '../contract/events';

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
