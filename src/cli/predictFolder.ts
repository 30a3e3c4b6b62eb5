import path from 'node:path';
import { CSV_HEADER, csvRow } from '../infer/csv';
import { openAtomicFile, type AtomicFile } from '../io/atomicStream';
import type { ClassifyEventMessage } from '../service/api';
import type { InceptionService } from '../service/service';

type Out = (text: string) => void;

export interface PredictFolderArgs {
  runId: string;
  folder: string;
  /** Write the results here as CSV (atomically, rows as they come). */
  csv?: string;
  /** One JSON object per line: each image, each skipped file, then a summary. */
  json: boolean;
}

const bar = (fraction: number, width = 24) => {
  const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
  return '█'.repeat(filled) + '░'.repeat(width - filled);
};

/** The progress line drawn on stderr when it is a terminal. */
function progressLine(info: ClassifyEventMessage): string {
  const { done, skipped, total, imagesPerSecond } = info.progress;
  const of = total === null ? ' (counting…)' : `/${total}`;
  const eta = total && imagesPerSecond > 0 ? `  ETA ${Math.max(0, Math.round((total - done - skipped) / imagesPerSecond))}s` : '';
  return `\r${bar(total ? (done + skipped) / total : 0)} ${done}${of}  ${skipped} skipped  ${imagesPerSecond.toFixed(0)} img/s${eta}  `;
}

/**
 * `inception predict RUN FOLDER`: classifies every image under the folder in a job process and writes
 * the results as they arrive (CSV, JSON lines or plain lines), so nothing grows with the folder.
 */
export async function predictFolderCommand(api: InceptionService, args: PredictFolderArgs, out: Out): Promise<number> {
  const tty = Boolean(process.stderr.isTTY) && !args.json;
  let barShown = false;
  const say = (text: string) => {
    if (barShown) process.stderr.write('\r\x1b[K');
    barShown = false;
    out(text);
  };
  const csvPath = args.csv ? path.resolve(args.csv) : null;
  const csv: AtomicFile | null = csvPath ? await openAtomicFile(csvPath) : null;
  void csv?.write(`${CSV_HEADER}\r\n`);
  const started = await api.classifyFolder(args.runId, path.resolve(args.folder));
  const unsubscribe = [
    api.onClassifiedRows((message) => {
      if (message.id !== started.id) return;
      if (csv && message.rows.length) void csv.write(message.rows.map(csvRow).join(''));
      for (const row of message.rows) {
        if (args.json) out(JSON.stringify({ type: 'prediction', path: row.path, top: row.top }));
        else if (!csv) say(`${row.path}: ${row.top.map((t) => `${t.label} ${(t.probability * 100).toFixed(1)}%`).join(', ')}`);
      }
      for (const skip of message.skipped) {
        if (args.json) out(JSON.stringify({ type: 'skipped', path: skip.path, reason: skip.reason }));
        else say(`skipped ${skip.path}: ${skip.reason}`);
      }
    }),
    api.onClassifyEvent((info) => {
      if (info.id !== started.id || !tty || info.status !== 'running') return;
      process.stderr.write(progressLine(info));
      barShown = true;
    }),
  ];
  const cancel = () => {
    process.stderr.write('\nstopping after the current batch…\n');
    void api.cancelClassification(started.id).catch(() => undefined);
  };
  process.once('SIGINT', cancel);
  process.once('SIGTERM', cancel);
  try {
    const end = await api.classificationFinished(started.id);
    if (barShown) process.stderr.write('\n');
    if (end.status === 'failed') {
      await csv?.abort();
      throw new Error(end.message ?? 'the classification failed');
    }
    await csv?.commit();
    const { done, skipped } = end.progress;
    const summary = {
      folder: end.folder, status: end.status, images: done, skipped, seconds: Math.round(end.seconds * 100) / 100,
      // The job's own rate: from its first decode to its last batch, without starting the process and loading the model.
      imagesPerSecond: Math.round(end.progress.imagesPerSecond * 10) / 10, csv: csvPath,
      peakRssMiB: { cli: Math.round(process.resourceUsage().maxRSS / 1024), job: end.peakRssMiB ?? null },
      runtime: end.inference ? { name: end.inference.runtime, reason: end.inference.reason } : null,
    };
    if (args.json) out(JSON.stringify({ type: 'summary', ...summary }));
    else if (end.inference) out(`runtime: ${end.inference.reason}`);
    if (!args.json) out(`${end.status}: ${done} images classified, ${skipped} skipped, in ${summary.seconds}s (${summary.imagesPerSecond} img/s)${csvPath ? `; wrote ${csvPath}` : ''}`);
    return end.status === 'stopped' ? 130 : 0;
  } finally {
    unsubscribe.forEach((u) => u());
    process.off('SIGINT', cancel);
    process.off('SIGTERM', cancel);
    await api.discardClassification(started.id).catch(() => undefined);
  }
}
