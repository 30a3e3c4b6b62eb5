import { useEffect, useState } from 'react';
import type { FolderFix } from '../../src/service/api';
import { api } from '../api/instance';
import { Panel } from '../components/fields';

const baseName = (p: string) => p.split(/[\\/]/).pop() ?? p;
/** The folder a file sits in: its class folder (or the quarantine's class folder for an excluded file). */
const folderOf = (p: string) => p.split(/[\\/]/).slice(-2, -1)[0] ?? '';

function describe(fix: FolderFix): string {
  if (fix.action === 'undo') return `undo of #${fix.undoes}: back to ${folderOf(fix.to)}`;
  if (fix.action === 'exclude') return `excluded from ${folderOf(fix.from)} (quarantined)`;
  return `moved ${folderOf(fix.from)} → ${folderOf(fix.to)}`;
}

/**
 * The changes made to the data folder from the error-analysis lists (its `.quarantine/fixes.jsonl`), newest
 * first, each move or exclude with Undo; `onChanged` runs after an undo (the folder's counts changed). Shows
 * nothing while the folder has no changes.
 */
export function FolderChangesPanel({ dir, onChanged }: { dir: string; onChanged: () => void }) {
  const [fixes, setFixes] = useState<FolderFix[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let current = true;
    setError(null);
    api.listFolderFixes(dir).then((list) => current && setFixes(list), (e: Error) => current && setError(e.message));
    return () => {
      current = false;
    };
  }, [dir, version]);
  const undo = (id: number) => {
    setBusy(true);
    setError(null);
    api.undoFolderFix(dir, id).then(
      () => {
        setVersion((v) => v + 1);
        onChanged();
      },
      (e: Error) => setError(e.message),
    ).finally(() => setBusy(false));
  };
  if (fixes.length === 0 && !error) return null;
  return (
    <Panel title={`Changes to this folder (${fixes.length})`} testId="folder-changes">
      <p className="panel__text panel__text--muted">Files moved or excluded from the error-analysis lists. Nothing is deleted: excluded files wait in the quarantine folder beside the data, and every change can be undone.</p>
      {error && <p className="callout callout--error" role="alert">{error}</p>}
      <table className="data-table">
        <thead>
          <tr><th className="num">#</th><th>When</th><th>File</th><th>Change</th><th>Suggested by</th><th aria-label="Undo" /></tr>
        </thead>
        <tbody>
          {[...fixes].reverse().map((f) => (
            <tr key={f.id} data-testid={`folder-change-${f.id}`} className={f.undone ? 'folder-change--undone' : undefined}>
              <td className="num">{f.id}</td>
              <td title={f.time}>{new Date(f.time).toLocaleString()}</td>
              <td title={f.to}><code>{baseName(f.to)}</code></td>
              <td data-testid="folder-change-what">{describe(f)}{f.undone && ' · undone'}</td>
              <td>{f.runId ? <code>{f.runId}</code> : '—'}</td>
              <td>
                {f.action !== 'undo' && !f.undone && (
                  <button type="button" className="btn btn--small" data-testid="folder-change-undo" disabled={busy} onClick={() => undo(f.id)}>Undo</button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}
