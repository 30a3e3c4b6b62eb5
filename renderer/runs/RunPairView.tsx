import { useEffect, useState } from 'react';
import type { FolderFix } from '../../src/contract/errorAnalysis';
import type { RunInfo } from '../../src/service/api';
import { api } from '../api/instance';
import { formatCount, formatLoss, formatPercent } from '../components/format';
import { parseReport } from '../components/runReport';
import { compareRunPair, type PairRow, type RunPairComparison, type RunSide } from './runPair';

const fileName = (p: string) => p.split(/[\\/]/).at(-1) ?? p;
const folderName = (p: string) => p.split(/[\\/]/).at(-2) ?? p;

function signed(change: number | null, format: (v: number) => string): string {
  if (change === null) return '—';
  return `${change > 0 ? '+' : change < 0 ? '−' : '±'}${format(Math.abs(change))}`;
}

/** A row of both runs' values and the change; `better` says which direction is an improvement. */
function Row({ name, row, format, better, testId }: { name: string; row: PairRow; format: (v: number) => string; better?: 'up' | 'down'; testId: string }) {
  const good = row.change !== null && row.change !== 0 && better && (row.change > 0) === (better === 'up');
  const bad = row.change !== null && row.change !== 0 && better && !good;
  return (
    <tr data-testid={testId}>
      <td className="data-table__name">{name}</td>
      <td className="num">{row.older === null ? '—' : format(row.older)}</td>
      <td className="num">{row.newer === null ? '—' : format(row.newer)}</td>
      <td className={`num${good ? ' run-pair__better' : bad ? ' run-pair__worse' : ''}`}>{signed(row.change, format)}</td>
    </tr>
  );
}

/** Two ticked runs side by side: accuracy, loss, per-class recall, images, and the folder's changes between them. */
export function RunPairView({ runs }: { runs: [RunInfo, RunInfo] }) {
  const [result, setResult] = useState<RunPairComparison | Error | null>(null);
  // Read again when either run moves on (a run trained again is still running when Runs opens).
  const key = runs.map((r) => `${r.id}:${r.status}:${r.epochsDone}`).join(',');
  useEffect(() => {
    let current = true;
    setResult(null);
    const side = async (info: RunInfo): Promise<RunSide> => {
      const details = await api.getRun(info.id);
      const report = parseReport(details.report);
      return { info, report: report instanceof Error ? null : report, events: details.events };
    };
    void (async () => {
      try {
        const [a, b] = await Promise.all(runs.map(side));
        const same = a.info.dataDir && a.info.dataDir === b.info.dataDir ? a.info.dataDir : null;
        const fixes: FolderFix[] = same ? await api.listFolderFixes(same).catch(() => []) : [];
        if (current) setResult(compareRunPair(a, b, fixes));
      } catch (error) {
        if (current) setResult(error as Error);
      }
    })();
    return () => void (current = false);
  }, [key]);
  if (result === null) return <p className="panel__text panel__text--muted">Reading both runs…</p>;
  if (result instanceof Error) return <p className="callout callout--error">Could not compare the runs: {result.message}</p>;
  return (
    <div className="run-pair" data-testid="run-pair">
      <table className="data-table run-pair__table">
        <thead>
          <tr><th /><th className="num" data-testid="run-pair-older">{result.older}</th><th className="num" data-testid="run-pair-newer">{result.newer}</th><th className="num">Change</th></tr>
        </thead>
        <tbody>
          <Row name="Validation accuracy" row={result.accuracy} format={formatPercent} better="up" testId="run-pair-accuracy" />
          <Row name="Validation loss" row={result.loss} format={formatLoss} better="down" testId="run-pair-loss" />
          <Row name="Training images" row={result.trainImages} format={formatCount} testId="run-pair-train" />
          <Row name="Validation images" row={result.validationImages} format={formatCount} testId="run-pair-validation" />
          {result.recall.map((r) => (
            <Row key={r.name} name={`Recall: ${r.name}`} row={r} format={formatPercent} better="up" testId="run-pair-recall" />
          ))}
        </tbody>
      </table>
      <p className="panel__text panel__text--muted">Each run is measured on its own validation split; changes of accuracy and recall are in percentage points.</p>
      <h4 className="run-pair__title">Changes to the folder between the two runs</h4>
      {!result.sameFolder && <p className="panel__text panel__text--muted">The runs trained on different folders.</p>}
      {result.sameFolder && result.changes.length === 0 && <p className="panel__text panel__text--muted" data-testid="run-pair-no-changes">None: the folder was not changed from the error-analysis lists in between.</p>}
      {result.changes.length > 0 && (
        <ul className="run-pair__changes" data-testid="run-pair-changes">
          {result.changes.map((f) => (
            <li key={f.id} data-testid="run-pair-change">
              <code>{fileName(f.from)}</code> {f.action === 'exclude' ? `excluded from ${folderName(f.from)} (quarantined)` : `moved ${folderName(f.from)} → ${folderName(f.to)}`}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
