import type { ClassificationInfo, ClassificationQuery, ResultSort } from '../../src/service/api';
import type { ApiEvent } from '../api/messages';

/** Rows shown per page of the results table. */
export const PAGE_SIZE = 50;

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const STATUSES = new Set(['running', 'completed', 'stopped', 'failed']);

/** A pushed `{ event: 'classify', data }` message, checked; null for anything else. */
export function parseClassifyEvent(message: ApiEvent): ClassificationInfo | null {
  if (message.event !== 'classify') return null;
  const data = message.data as Partial<ClassificationInfo> | undefined;
  const p = data?.progress;
  if (!data || typeof data.id !== 'string' || !STATUSES.has(data.status as string) || !p) return null;
  if (!isNumber(p.done) || !isNumber(p.skipped) || !(p.total === null || isNumber(p.total)) || !isNumber(p.imagesPerSecond)) return null;
  return data as ClassificationInfo;
}

/** How far it is, 0..1; null while the folder is still being counted. */
export function progressFraction(info: ClassificationInfo): number | null {
  if (info.status !== 'running') return 1;
  const { done, skipped, total } = info.progress;
  if (total === null) return null;
  return total === 0 ? 1 : Math.min(1, (done + skipped) / total);
}

/** The CSV's suggested place: the workspace's exports folder, named after the run and the folder. */
export function defaultCsvPath(workspace: string, runId: string, folder: string): string {
  const name = folder.split(/[\\/]/).filter(Boolean).pop() ?? 'folder';
  const sep = workspace.includes('\\') && !workspace.includes('/') ? '\\' : '/';
  return [workspace.replace(/[\\/]+$/, ''), 'exports', `${runId}-${name.replace(/[^\p{L}\p{N}._-]+/gu, '_')}.csv`].join(sep);
}

/** Clicking a column header: that column ascending, or the other way round when it is already the sort. */
export function toggleSort(query: ClassificationQuery, column: ResultSort): ClassificationQuery {
  const descending = query.sort === column ? !query.descending : column === 'probability';
  return { ...query, sort: column, descending, offset: 0 };
}
