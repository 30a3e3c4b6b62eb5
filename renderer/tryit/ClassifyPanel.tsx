import { useCallback, useEffect, useState } from 'react';
import type { ClassificationInfo, ClassificationPage, ClassificationQuery } from '../../src/service/api';
import { api } from '../api/instance';
import { report } from '../state/problemsStore';
import { useHost } from '../state/hostStore';
import { ClassifyTable } from './ClassifyTable';
import { defaultCsvPath, PAGE_SIZE, parseClassifyEvent, progressFraction, toggleSort } from './classifyView';

const FIRST_PAGE: ClassificationQuery = { offset: 0, limit: PAGE_SIZE, sort: 'path', descending: false };

/** One folder classification: progress while it runs, then a sortable, paged table, skipped files and Save as CSV. */
export function ClassifyPanel({ started, onClose }: { started: ClassificationInfo; onClose: () => void }) {
  const workspace = useHost((s) => s.info?.workspace ?? '');
  const [info, setInfo] = useState(started);
  const [query, setQuery] = useState(FIRST_PAGE);
  const [page, setPage] = useState<ClassificationPage | null>(null);
  const [csvPath, setCsvPath] = useState(() => defaultCsvPath(workspace, started.runId, started.folder));
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(
    () =>
      api.onEvent((message) => {
        const pushed = parseClassifyEvent(message);
        if (pushed?.id === started.id) setInfo(pushed);
      }),
    [started.id],
  );

  const load = useCallback(async () => {
    try {
      const next = await api.classificationPage(started.id, query);
      setPage(next);
      setInfo((current) => (current.status === 'running' ? next.info : current));
    } catch (error) {
      report('Could not read the results', error);
    }
  }, [started.id, query]);

  // Pages follow the pushed progress (a few times a second at most) and every change of sort or page.
  useEffect(() => void load(), [load, info.progress.done, info.status]);

  const save = async () => {
    try {
      const written = await api.saveClassificationCsv(started.id, csvPath);
      setSaved(`Saved ${written.rows} rows to ${written.path}`);
    } catch (error) {
      report('Could not save the CSV', error);
    }
  };

  const fraction = progressFraction(info);
  const { done, skipped, total, imagesPerSecond } = info.progress;
  const running = info.status === 'running';
  return (
    <section className="panel classify" data-testid="classify-panel">
      <header className="classify__head">
        <div className="classify__title">
          <strong>{running ? 'Classifying' : 'Classified'}</strong> <span className="classify__folder" title={info.folder}>{info.folder}</span>
        </div>
        {running ? (
          <button type="button" className="btn" data-testid="classify-cancel" onClick={() => void api.cancelClassification(info.id).then(setInfo, (e) => report('Could not stop', e))}>Stop</button>
        ) : (
          <button type="button" className="btn" data-testid="classify-close" onClick={onClose}>Close</button>
        )}
      </header>
      <div className="progress" role="progressbar" aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}>
        <span className="progress__fill" style={{ width: `${(fraction ?? 0) * 100}%` }} />
      </div>
      <p className="classify__status" data-testid="classify-status">
        {info.status === 'failed' ? `Failed: ${info.message ?? 'unknown error'}` : `${statusWord(info.status)} · ${done}${total === null ? '' : ` of ${total}`} images · ${skipped} skipped · ${imagesPerSecond.toFixed(0)} images/s`}
      </p>
      {page && (
        <ClassifyTable
          page={page}
          query={query}
          onSort={(column) => setQuery(toggleSort(query, column))}
          onPage={(offset) => setQuery({ ...query, offset })}
        />
      )}
      {page && page.skippedCount > 0 && (
        <details className="classify__skipped" data-testid="classify-skipped">
          <summary>{page.skippedCount} skipped file{page.skippedCount === 1 ? '' : 's'}</summary>
          <ul>{page.skipped.map((s) => <li key={s.path}><code>{s.path}</code> — {s.reason}</li>)}</ul>
          {page.skippedCount > page.skipped.length && <p>… and {page.skippedCount - page.skipped.length} more.</p>}
        </details>
      )}
      <div className="classify__save">
        <label className="inline-field classify__path">
          CSV file
          <input data-testid="classify-csv-path" value={csvPath} onChange={(e) => setCsvPath(e.target.value)} spellCheck={false} />
        </label>
        <button type="button" className="btn btn--primary" data-testid="classify-save" disabled={!page || page.count === 0} onClick={() => void save()}>
          Save as CSV
        </button>
      </div>
      {saved && <p className="callout" role="status" data-testid="classify-saved">{saved}</p>}
    </section>
  );
}

function statusWord(status: ClassificationInfo['status']): string {
  return status === 'running' ? 'Classifying' : status === 'completed' ? 'Done' : status === 'stopped' ? 'Stopped' : 'Failed';
}
