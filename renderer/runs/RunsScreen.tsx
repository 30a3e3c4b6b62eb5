import { useEffect, useMemo, useState } from 'react';
import type { RunInfo } from '../../src/service/api';
import { api } from '../api/instance';
import { CompareChart, COMPARE_METRICS, RUN_COLORS, type CompareMetric } from '../charts/CompareChart';
import { Panel, SelectField } from '../components/fields';
import { ConfirmDialog } from '../dialogs/ConfirmDialog';
import { ExportDialog } from '../export/ExportDialog';
import type { FileCommands } from '../files/useFileCommands';
import { formatDuration, formatPercent } from '../components/format';
import { report } from '../state/problemsStore';
import { useNav } from '../state/navStore';
import { runCurves } from '../charts/curves';
import { RenameRunDialog } from './RenameRunDialog';
import { RunPairView } from './RunPairView';
import { BEST_ACCURACY_HINT, runProgressCells, runDataCaption, runLegend, runTitle, TRAINING_TIME_HINT } from '../components/runLabels';
import { StatusBadge } from '../components/StatusBadge';
import { useRuns } from '../state/runsStore';
import { useDataset } from '../state/datasetStore';
import { useTrainSettings } from '../state/trainStore';
import { useEditor } from '../state/designStore';
import { canFineTune, sameNetwork, startFromRun } from './fineTune';

const timeFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

/** The history of runs: status, best validation accuracy, duration; compare, open, export, delete. */
export function RunsScreen({ files }: { files: FileCommands }) {
  const list = useRuns((s) => s.list);
  const compared = useRuns((s) => s.compared);
  const compare = useMemo(() => new Set(compared), [compared]);
  const setCompare = (next: (current: ReadonlySet<string>) => ReadonlySet<string>) => useRuns.getState().setCompared([...next(new Set(useRuns.getState().compared))]);
  const [metric, setMetric] = useState<CompareMetric>('valAccuracy');
  const [deleting, setDeleting] = useState<RunInfo | null>(null);
  const [exporting, setExporting] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<RunInfo | null>(null);
  const openResults = useNav((s) => s.openResults);
  const go = useNav((s) => s.go);

  useEffect(() => useRuns.getState().refreshList(), []);
  const pairIds = compared.length === 2 ? compared : null;
  const pairRuns = pairIds?.map((id) => list?.find((r) => r.id === id)).filter((r): r is RunInfo => Boolean(r));
  const pair = pairRuns?.length === 2 ? (pairRuns as [RunInfo, RunInfo]) : null;

  const toggle = (id: string) => setCompare((current) => {
    const next = new Set(current);
    if (!next.delete(id)) next.add(id);
    return next;
  });

  const openDesign = async (run: RunInfo) => {
    try {
      const details = await api.getRun(run.id);
      if (!details.graph) throw new Error(`run ${run.id} has no readable graph.json`);
      files.openDoc(details.graph, `Open the design of run ${run.id}`, () => go('design'));
    } catch (error) {
      report('Could not open the run’s design', error);
    }
  };

  /**
   * "Fine-tune on a folder…": the run's design in the editor (the open one, frozen layers and all, when it is
   * that network), its weights as the next run's start, then the Dataset screen.
   */
  const fineTune = async (run: RunInfo) => {
    try {
      const details = await api.getRun(run.id);
      if (!details.graph) throw new Error(`run ${run.id} has no readable graph.json`);
      const next = () => {
        useTrainSettings.getState().setInit(startFromRun(run, useEditor.getState().openCount));
        go('dataset');
      };
      const open = useEditor.getState().doc;
      if (open && sameNetwork(open, details.graph)) next();
      else files.openDoc(details.graph, `Fine-tune run ${run.id}`, next);
    } catch (error) {
      report('Could not open the run to fine-tune it', error);
    }
  };

  const remove = async (run: RunInfo) => {
    setDeleting(null);
    try {
      await api.deleteRun(run.id);
      useRuns.getState().forget(run.id);
      setCompare((current) => new Set([...current].filter((id) => id !== run.id)));
      useRuns.getState().refreshList();
    } catch (error) {
      report(`Could not delete run ${run.id}`, error);
    }
  };

  const follow = (run: RunInfo) => {
    useRuns.getState().setActive(run.id, useDataset.getState().dir);
    api.getRun(run.id).then((d) => useRuns.getState().loaded(run.id, d), (e) => report('Could not read the run', e));
    go('train');
  };

  return (
    <div className="screen" data-testid="runs-screen">
      <header className="screen__head">
        <div className="screen__title-block">
          <h1 className="screen__title">Runs</h1>
          <p className="screen__subtitle">{list ? `${list.length} run${list.length === 1 ? '' : 's'} in the workspace` : 'Loading…'}</p>
        </div>
      </header>
      <div className="screen__body screen__body--stack">
        {list && list.length === 0 && (
          <div className="empty"><p className="empty__title">No runs yet</p><p>Runs appear here once you start training.</p></div>
        )}
        {list && list.length > 0 && (
          <table className="data-table runs-table" data-testid="runs-table">
            <thead>
              <tr>
                <th title="Compare on the chart below">Compare</th><th>Run</th><th>Status</th><th>Engine</th><th className="num">Epochs</th>
                <th className="num" title={BEST_ACCURACY_HINT}>Best acc.</th><th className="num" title={TRAINING_TIME_HINT}>Time</th><th>Started</th><th aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {list.map((run) => {
                const cells = runProgressCells(run, formatDuration, run.seconds);
                return (
                <tr key={run.id} data-testid={`run-row-${run.id}`}>
                  <td>
                    <span className="runs-table__pick">
                      <input type="checkbox" checked={compare.has(run.id)} onChange={() => toggle(run.id)} aria-label={`Compare ${run.id}`} data-testid="run-compare" />
                      {compare.has(run.id) && <span className="runs-table__swatch" style={{ background: RUN_COLORS[[...compare].indexOf(run.id) % RUN_COLORS.length] }} />}
                    </span>
                  </td>
                  <td className="runs-table__run">
                    <span className="runs-table__title">
                      <span className="runs-table__name" data-testid="run-name" title={runTitle(run)}>{runTitle(run)}</span>
                      <button type="button" className="link runs-table__rename" data-testid="run-rename" onClick={() => setRenaming(run)} title="Give this run a name of its own">Rename</button>
                    </span>
                    <span className="runs-table__data" data-testid="run-data" title={run.dataDir ?? undefined}>{runDataCaption(run)}</span>
                    <code className="runs-table__id" title={run.id}>{run.id}</code>
                    {run.message && <span className="runs-table__message" title={run.message}>{run.message}</span>}
                  </td>
                  <td title={run.imported ? `Imported from ${run.imported.source}; not trained here` : undefined}><StatusBadge status={cells.status} /></td>
                  <td className="runs-table__engine" data-testid="run-engine" title={run.backend ?? undefined}>
                    {run.engine === 'torch' ? 'PyTorch' : 'TF.js'}
                    {run.backend && <span className="runs-table__backend">{run.backend.split(',').slice(0, 2).join(',')}</span>}
                  </td>
                  <td className="num" data-testid="run-epochs">{cells.epochs}</td>
                  <td className="num" data-testid="run-best" title={run.bestEpoch === null ? BEST_ACCURACY_HINT : `Epoch ${run.bestEpoch + 1}. ${BEST_ACCURACY_HINT}`}>{formatPercent(run.bestValAccuracy)}</td>
                  <td className="num" data-testid="run-time">{cells.time}</td>
                  <td className="runs-table__date">{timeFormat.format(run.created)}</td>
                  <td className="runs-table__actions">
                    {run.status === 'running' || run.status === 'stopped' || run.status === 'interrupted' ? (
                      <button type="button" className="btn btn--small" onClick={() => follow(run)}>Follow</button>
                    ) : (
                      <button type="button" className="btn btn--small" data-testid="run-results" onClick={() => openResults(run.id)} disabled={run.status === 'failed'}>Results</button>
                    )}
                    <button type="button" className="btn btn--small" data-testid="run-open-design" onClick={() => void openDesign(run)}>Design</button>
                    {canFineTune(run) && (
                      <button type="button" className="btn btn--small" data-testid="run-fine-tune" onClick={() => void fineTune(run)}
                        title="Train its design on a folder of your images, starting from these weights (a new head for your classes)">
                        Fine-tune…
                      </button>
                    )}
                    <button type="button" className="btn btn--small" data-testid="run-export" onClick={() => setExporting(run.id)} disabled={run.status === 'running'}>Export</button>
                    <button type="button" className="btn btn--small btn--danger" data-testid="run-delete" onClick={() => setDeleting(run)} disabled={run.status === 'running'} title={run.status === 'running' ? 'Stop it first' : 'Delete this run and its files'}>Delete</button>
                  </td>
                </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {list && list.length > 0 && (
          <Panel
            title="Compare"
            actions={<SelectField<CompareMetric> label="Metric" value={metric} onChange={setMetric} options={Object.entries(COMPARE_METRICS).map(([value, m]) => ({ value: value as CompareMetric, label: m.title }))} />}
          >
            <ComparedRuns ids={[...compare]} runs={list} metric={metric} />
            {pair && <RunPairView runs={pair} />}
          </Panel>
        )}
      </div>
      {deleting && (
        <ConfirmDialog
          title="Delete run"
          message={`Delete run ${deleting.id} with its checkpoints and model? This cannot be undone.`}
          action="Delete"
          onConfirm={() => void remove(deleting)}
          onClose={() => setDeleting(null)}
        />
      )}
      {exporting && <ExportDialog runId={exporting} onClose={() => setExporting(null)} />}
      {renaming && <RenameRunDialog run={renaming} onClose={() => setRenaming(null)} />}
    </div>
  );
}

/** The chart of the ticked runs; their events are read once and then follow the live feed. */
function ComparedRuns({ ids, runs: infos, metric }: { ids: string[]; runs: readonly RunInfo[]; metric: CompareMetric }) {
  const events = useRuns((s) => s.events);
  const idsKey = ids.join(',');
  useEffect(() => {
    for (const id of idsKey ? idsKey.split(',') : []) {
      if (useRuns.getState().events[id]) continue;
      api.getRun(id).then((d) => useRuns.getState().loadEvents(id, d.events), (e) => report(`Could not read run ${id}`, e));
    }
  }, [idsKey]);
  const runs = useMemo(
    () => (idsKey ? idsKey.split(',') : [])
      .map((id, i) => {
        const info = infos.find((r) => r.id === id);
        return { id, label: info ? runLegend(info) : id, color: RUN_COLORS[i % RUN_COLORS.length], events: events[id] };
      })
      .filter((run) => run.events)
      .map(({ events: list, ...run }) => ({ ...run, curves: runCurves(list) })),
    [idsKey, events, infos],
  );
  if (ids.length === 0) return <p className="panel__text panel__text--muted" data-testid="compare-hint">Tick runs in the table to compare their curves here; tick two to see them side by side.</p>;
  return (
    <CompareChart runs={runs} metric={metric} />
  );
}
