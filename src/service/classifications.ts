import type { InferenceOptions } from '../contract/inference';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { SkippedFile } from '../data';
import type { FolderPrediction } from '../contract/classification';
import { CSV_HEADER, csvRow } from '../infer/csv';
import { openAtomicFile } from '../io/atomicStream';
import type { ClassificationInfo, ClassificationPage, ClassificationQuery } from './api';
import { ApiError, ERROR_CODES } from './errors';
import type { JobManager } from './jobs';
import { ResultsIndex } from './resultsIndex';

/** Skipped files kept in memory per classification; the count goes on past it. */
const SKIPPED_KEPT = 1000;
const EVENT_INTERVAL_MS = 250;

/** Rows as the job sent them, for hosts that stream them on (the CLI writes its CSV from these). */
export interface ClassifiedRowsMessage { id: string; rows: FolderPrediction[]; skipped: SkippedFile[] }

interface Classification {
  info: ClassificationInfo;
  started: number;
  file: string;
  handle: FileHandle;
  bytes: number;
  writes: Promise<unknown>;
  index: ResultsIndex;
  skipped: SkippedFile[];
  stop(): void;
  done: Promise<void>;
}

/**
 * Folder classifications of the service: each runs as a job process; its rows are appended to
 * `<workspace>/classifications/<id>/results.jsonl` as they arrive and indexed (a few bytes a row), so
 * pages and the CSV are read back from disk and the host's memory stays small whatever the folder.
 */
export class Classifications {
  private readonly all = new Map<string, Classification>();

  constructor(
    private readonly workspace: string,
    private readonly jobs: JobManager,
    private readonly onEvent: (info: ClassificationInfo) => void,
    private readonly onRows: (message: ClassifiedRowsMessage) => void,
    private readonly inference: InferenceOptions,
  ) {}

  async start(runId: string, runDir: string, folder: string, topK: number): Promise<ClassificationInfo> {
    const id = randomUUID();
    const dir = path.join(this.workspace, 'classifications', id);
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, 'results.jsonl');
    const handle = await open(file, 'w+');
    try {
      return await this.run(id, runId, runDir, folder, topK, file, handle);
    } catch (error) {
      await handle.close();
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  private async run(id: string, runId: string, runDir: string, folder: string, topK: number, file: string, handle: FileHandle): Promise<ClassificationInfo> {
    const info: ClassificationInfo = { id, runId, folder, status: 'running', progress: { done: 0, skipped: 0, total: null, imagesPerSecond: 0 }, seconds: 0 };
    let lastEvent = 0;
    const job = this.jobs.stream({ type: 'classify', runDir, folder, topK, batchSize: 32, inference: this.inference }, (message) => {
      if (message.type !== 'classified') return;
      this.append(entry, message.rows);
      for (const skip of message.skipped) if (entry.skipped.length < SKIPPED_KEPT) entry.skipped.push(skip);
      info.progress = message.progress;
      info.seconds = (Date.now() - entry.started) / 1000;
      this.onRows({ id, rows: message.rows, skipped: message.skipped });
      if (Date.now() - lastEvent >= EVENT_INTERVAL_MS) {
        lastEvent = Date.now();
        this.onEvent({ ...info });
      }
    });
    const entry: Classification = {
      info, started: Date.now(), file, handle, bytes: 0, writes: Promise.resolve(), index: new ResultsIndex(), skipped: [], stop: job.stop,
      done: job.done.then(
        (summary) => {
          info.status = summary.stopped ? 'stopped' : 'completed';
          info.peakRssMiB = summary.peakRssMiB;
          info.inference = summary.inference;
        },
        (error: Error) => {
          info.status = 'failed';
          info.message = error.message;
        },
      ).then(async () => {
        info.seconds = (Date.now() - entry.started) / 1000;
        await entry.writes.catch(() => undefined);
        this.onEvent({ ...info });
      }),
    };
    this.all.set(id, entry);
    return { ...info };
  }

  /** Waits for a classification's end (tests and the CLI). */
  async finished(id: string): Promise<ClassificationInfo> {
    const entry = this.get(id);
    await entry.done;
    return { ...entry.info };
  }

  async page(id: string, query: ClassificationQuery): Promise<ClassificationPage> {
    const entry = this.get(id);
    await entry.writes;
    const order = entry.index.page(query.offset, query.limit, query.sort, query.descending);
    const rows = await Promise.all(order.map((i) => this.readRow(entry, i)));
    return {
      info: { ...entry.info },
      count: entry.index.count,
      offset: query.offset,
      rows,
      skipped: entry.skipped.slice(0, 200).map(({ path: p, reason }) => ({ path: p, reason })),
      skippedCount: entry.info.progress.skipped,
    };
  }

  async cancel(id: string): Promise<ClassificationInfo> {
    const entry = this.get(id);
    if (entry.info.status === 'running') {
      entry.stop();
      await entry.done;
    }
    return { ...entry.info };
  }

  /** Writes every result so far as CSV, in path order, to an already checked path. */
  async saveCsv(id: string, target: string): Promise<{ path: string; rows: number }> {
    const entry = this.get(id);
    await entry.writes;
    const csv = await openAtomicFile(target);
    let rows = 0;
    try {
      await csv.write(`${CSV_HEADER}\r\n`);
      const lines = createInterface({ input: createReadStream(entry.file, { end: Math.max(0, entry.bytes - 1) }), crlfDelay: Infinity });
      for await (const line of lines) {
        if (!line || rows >= entry.index.count) continue;
        await csv.write(csvRow(JSON.parse(line) as FolderPrediction));
        rows++;
      }
      await csv.commit();
    } catch (error) {
      await csv.abort();
      throw new ApiError(ERROR_CODES.IO, `could not write ${target}: ${(error as Error).message}`);
    }
    return { path: target, rows };
  }

  async discard(id: string): Promise<void> {
    const entry = this.get(id);
    if (entry.info.status === 'running') entry.stop();
    await entry.done;
    this.all.delete(id);
    await entry.handle.close().catch(() => undefined);
    await rm(path.dirname(entry.file), { recursive: true, force: true });
  }

  /** Stops every running classification (on quit). */
  async shutdown(): Promise<void> {
    await Promise.all([...this.all.keys()].map((id) => this.discard(id).catch(() => undefined)));
  }

  private get(id: string): Classification {
    const entry = this.all.get(id);
    if (!entry) throw new ApiError(ERROR_CODES.NOT_FOUND, `no classification ${id} (it was discarded, or the host restarted)`);
    return entry;
  }

  private append(entry: Classification, rows: FolderPrediction[]): void {
    if (rows.length === 0) return;
    const lines = rows.map((row) => Buffer.from(JSON.stringify(row) + '\n'));
    for (const [i, line] of lines.entries()) {
      entry.index.add(entry.bytes, line.length - 1, rows[i].top[0]?.label ?? '', rows[i].top[0]?.probability ?? 0);
      entry.bytes += line.length;
    }
    const data = Buffer.concat(lines);
    entry.writes = entry.writes.then(() => entry.handle.write(data));
  }

  private async readRow(entry: Classification, i: number): Promise<FolderPrediction> {
    const { offset, length } = entry.index.range(i);
    const buffer = Buffer.alloc(length);
    await entry.handle.read(buffer, 0, length, offset);
    return JSON.parse(buffer.toString('utf8')) as FolderPrediction;
  }
}
