import { useEffect, useMemo, useState } from 'react';
import { showsTopFive } from '../../src/contract/evaluation';
import type { FolderEvaluation, RunDetails } from '../../src/service/api';
import { api } from '../api/instance';
import { RunCharts } from '../charts/RunCharts';
import { Panel } from '../components/fields';
import { useHostPicker } from '../components/useHostPicker';
import { ExportDialog } from '../export/ExportDialog';
import { formatCount, formatDuration, formatLoss, formatPercent } from '../components/format';
import { report } from '../state/problemsStore';
import { useNav } from '../state/navStore';
import { runCurves } from '../charts/curves';
import { BEST_ACCURACY_HINT, runDataCaption, runTitle, TRAINING_TIME_HINT } from '../components/runLabels';
import { StatusBadge } from '../components/StatusBadge';
import { selectEvents, useRuns } from '../state/runsStore';
import { ConfusionMatrix, type Cell } from './ConfusionMatrix';
import { PerClassTable } from './PerClassTable';
import { dataFoldersOf, parseReport, type Evaluation } from '../components/runReport';
import { useEvaluations } from '../state/resultsStore';
import { WrongImages } from './WrongImages';
import { ErrorAnalysisPanel } from './ErrorAnalysisPanel';
import { shortBackend } from '../components/backendName';

/** A finished run: its numbers, confusion matrix, per-class precision and recall, curves and most confidently wrong images. */
export function ResultsScreen() {
  const runId = useNav((s) => s.resultsRunId);
  const go = useNav((s) => s.go);
  const [details, setDetails] = useState<RunDetails | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const listVersion = useRuns((s) => s.listVersion);

  useEffect(() => {
    if (!runId) return;
    let live = true;
    api.getRun(runId).then((d) => {
      if (!live) return;
      setDetails(d);
      setFailure(null);
      useRuns.getState().loadEvents(runId, d.events);
    }, (error: Error) => live && setFailure(error.message));
    return () => {
      live = false;
    };
  }, [runId, listVersion]);

  if (!runId) {
    return (
      <div className="screen" data-testid="results-screen">
        <div className="empty"><p className="empty__title">No run chosen</p><p>Open a run’s results from Runs.</p>
          <button type="button" className="btn" onClick={() => go('runs')}>Go to Runs</button></div>
      </div>
    );
  }
  const parsed = details ? parseReport(details.report) : null;

  return (
    <div className="screen" data-testid="results-screen">
      <header className="screen__head">
        <div className="screen__title-block">
          <h1 className="screen__title">Results <span className="screen__title-id">{details ? runTitle(details.info) : ''}</span></h1>
          <p className="screen__subtitle">
            <code>{runId}</code> {details && <span title={details.info.dataDir ?? undefined}>{runDataCaption(details.info)}</span>} {details && <StatusBadge status={details.info.status} />}
          </p>
        </div>
        <div className="screen__actions">
          <button type="button" className="btn" onClick={() => go('runs')}>All runs</button>
          <button type="button" className="btn btn--primary" data-testid="results-export" onClick={() => setExporting(true)} disabled={!parsed || parsed instanceof Error}>Export…</button>
        </div>
      </header>
      <div className="screen__body screen__body--stack">
        {failure && <p className="callout callout--error" role="alert">{failure}</p>}
        {!details && !failure && <p className="callout">Loading…</p>}
        {parsed instanceof Error && <p className="callout callout--error">{parsed.message}</p>}
        {details && parsed === null && (
          <p className="callout" data-testid="results-pending">
            This run has no report yet: it is {details.info.status === 'running' ? 'still training' : `${details.info.status}; resume it to the end for a report`}.
          </p>
        )}
        {details && parsed && !(parsed instanceof Error) && parsed.validation && (
          <ReportView runId={runId} details={details} validation={parsed.validation} classes={parsed.classes} backend={parsed.backend} skipped={parsed.skipped} />
        )}
        {details && parsed && !(parsed instanceof Error) && !parsed.validation && (
          <p className="callout">The run ended ({parsed.status}) without validation metrics.</p>
        )}
        {details && <RunCurvesPanel runId={runId} />}
      </div>
      {exporting && <ExportDialog runId={runId} onClose={() => setExporting(false)} />}
    </div>
  );
}

interface ReportViewProps {
  runId: string;
  details: RunDetails;
  validation: Evaluation;
  classes: string[];
  backend?: string;
  skipped?: { total: number; files: { path: string; reason: string }[] };
}

function ReportView({ runId, details, validation, classes, backend, skipped }: ReportViewProps) {
  const evaluation = useEvaluations((s) => s.byRun[runId]);
  const [source, setSource] = useState<'validation' | 'folder'>('validation');
  const [cell, setCell] = useState<Cell | null>(null);
  const folders = useMemo(() => dataFoldersOf(details.config), [details.config]);
  const defaultDir = folders.valDir ?? folders.dir;
  const picker = useHostPicker((e) => report('Could not show the folder dialog', e));
  // The run's own validation split, evaluated again to list the images of each confusion cell.
  const [validationRun, setValidationRun] = useState<{ status: 'running' | 'done' | 'failed'; result?: FolderEvaluation } | null>(null);
  const evaluateValidation = () => {
    setValidationRun({ status: 'running' });
    api.evaluateRun(runId, null).then(
      (result) => setValidationRun({ status: 'done', result }),
      (error: Error) => {
        setValidationRun({ status: 'failed' });
        report('Could not evaluate the validation split', error);
      },
    );
  };

  const evaluate = (dir: string) => {
    const { setEvaluation } = useEvaluations.getState();
    setEvaluation(runId, { dir, status: 'running' });
    api.evaluateRun(runId, dir).then(
      // The matrix stays on what it showed; "Evaluated folder" beside it switches to the folder's.
      (result) => setEvaluation(runId, { dir, status: 'done', result }),
      (error: Error) => setEvaluation(runId, { dir, status: 'failed', error: error.message }),
    );
  };
  const chooseFolder = async () => {
    const picked = await picker.pick({ mode: 'folder', title: 'Evaluate on which folder? (same class names)', start: null });
    if (picked?.[0]) evaluate(picked[0]);
  };

  const folderResult = evaluation?.status === 'done' ? evaluation.result : null;
  const shown = source === 'folder' && folderResult ? folderResult : validation;
  const shownClasses = source === 'folder' && folderResult ? folderResult.classes : classes;

  return (
    <>
      <dl className="stats stats--big" data-testid="results-stats">
        <div title={BEST_ACCURACY_HINT}>
          <dt>Validation accuracy{details.info.bestEpoch !== null && <span className="stats__note"> (best: epoch {details.info.bestEpoch + 1})</span>}</dt>
          <dd data-testid="results-accuracy">{formatPercent(details.info.bestValAccuracy ?? validation.accuracy)}</dd>
        </div>
        {showsTopFive(classes.length) && <div data-testid="results-top5"><dt>Top-5</dt><dd>{formatPercent(validation.top5)}</dd></div>}
        <div><dt>Validation loss</dt><dd data-testid="results-loss">{formatLoss(validation.loss)}</dd></div>
        <div><dt>Validation images</dt><dd>{formatCount(validation.count)}</dd></div>
        <div><dt>Epochs</dt><dd>{details.info.epochsDone} / {details.info.epochs}</dd></div>
        <div title={TRAINING_TIME_HINT}><dt>Training time</dt><dd data-testid="results-time">{formatDuration(details.info.seconds)}</dd></div>
        {backend && <div><dt>Backend</dt><dd title={backend} data-testid="results-backend">{shortBackend(backend)}</dd></div>}
      </dl>
      <div className="results-grid">
        <Panel
          title="Confusion matrix"
          testId="confusion-panel"
          actions={folderResult && (
            <div className="segmented" role="group" aria-label="Matrix of">
              <button type="button" className={source === 'validation' ? 'segmented__on' : undefined} onClick={() => setSource('validation')}>Validation split</button>
              <button type="button" className={source === 'folder' ? 'segmented__on' : undefined} onClick={() => setSource('folder')} title={evaluation?.dir}>Evaluated folder</button>
            </div>
          )}
        >
          <p className="panel__text panel__text--muted">
            {source === 'folder' && folderResult
              ? <>All {formatCount(folderResult.count)} images of <code>{evaluation?.dir}</code>: accuracy {formatPercent(folderResult.accuracy)}.</>
              : <>The {formatCount(validation.count)} images held out for validation, with the best epoch’s weights.</>}
          </p>
          <ConfusionMatrix classes={shownClasses} confusion={shown.confusion} selected={cell} onSelect={setCell} />
          {cell && (
            <CellImages
              runId={runId}
              cell={cell}
              classes={shownClasses}
              count={shown.confusion[cell.actual]?.[cell.predicted] ?? 0}
              evaluation={source === 'folder' && folderResult ? folderResult : validationRun?.result ?? null}
              evaluatedDir={source === 'folder' && folderResult ? evaluation?.dir ?? null : null}
              fromValidation={source === 'validation' || !folderResult}
              running={source === 'folder' && folderResult ? false : validationRun?.status === 'running'}
              onEvaluate={evaluateValidation}
            />
          )}
        </Panel>
        <Panel title="Precision and recall per class">
          <PerClassTable perClass={shown.perClass} />
        </Panel>
      </div>
      <Panel
        title="Most confidently wrong"
        testId="wrong-panel"
        actions={(
          <>
            <button type="button" className="btn btn--small" onClick={() => void chooseFolder()} disabled={evaluation?.status === 'running'}>Other folder…</button>
            {defaultDir && (
              <button type="button" className="btn btn--small btn--primary" data-testid="evaluate-folder" onClick={() => evaluate(defaultDir)} disabled={evaluation?.status === 'running'}>
                {evaluation ? 'Evaluate again' : 'Find them'}
              </button>
            )}
          </>
        )}
      >
        {!evaluation && (
          <p className="panel__text panel__text--muted">
            Runs the model over <code>{defaultDir ?? 'a folder'}</code> and lists the wrong predictions it was surest of.
            {!folders.valDir && ' That folder also holds the training images, so some of these may be images it trained on.'}
          </p>
        )}
        {evaluation?.status === 'running' && <p className="callout" data-testid="evaluating">Evaluating {evaluation.dir}…</p>}
        {evaluation?.status === 'failed' && <p className="callout callout--error" role="alert">{evaluation.error}</p>}
        {folderResult && folderResult.confidentlyWrong.length === 0 && <p className="panel__text">No wrong predictions in {evaluation?.dir}.</p>}
        {folderResult && folderResult.confidentlyWrong.length > 0 && <WrongImages images={folderResult.confidentlyWrong} testId="wrong-grid" />}
        {folderResult && folderResult.unknownClasses.length > 0 && (
          <p className="callout callout--warn">Left out, classes the model does not know: {folderResult.unknownClasses.join(', ')}</p>
        )}
      </Panel>
      <ErrorAnalysisPanel runId={runId} details={details} />
      {skipped && skipped.total > 0 && (
        <details className="panel skipped">
          <summary className="panel__title">Skipped files ({formatCount(skipped.total)})</summary>
          <ul className="skipped__list">{skipped.files.map((f) => <li key={f.path}><code>{f.path}</code> — {f.reason}</li>)}</ul>
        </details>
      )}
      {picker.dialog}
    </>
  );
}

interface CellImagesProps {
  runId: string;
  cell: Cell;
  classes: readonly string[];
  count: number;
  evaluation: FolderEvaluation | null;
  evaluatedDir: string | null;
  fromValidation: boolean;
  running: boolean;
  onEvaluate: (() => void) | null;
}

/** The images of one confusion cell, most confident first, as the host's evaluation lists them. */
function CellImages({ runId, cell, classes, count, evaluation, evaluatedDir, fromValidation, running, onEvaluate }: CellImagesProps) {
  const actual = classes[cell.actual];
  const predicted = classes[cell.predicted];
  const listed = (evaluation?.cells?.[cell.actual]?.[cell.predicted] ?? []).map((image) => ({ ...image, label: actual, predicted }));
  return (
    <div className="cell-images" data-testid="cell-images">
      <p className="cell-images__title">
        {cell.actual === cell.predicted
          ? <><strong>{actual}</strong> predicted correctly</>
          : <><strong>{actual}</strong> predicted as <strong>{predicted}</strong></>}: {formatCount(count)} image{count === 1 ? '' : 's'}
        {fromValidation && ' in the validation split'}
      </p>
      {evaluation ? (
        <>
          <p className="panel__text panel__text--muted">
            {listed.length
              ? `${listed.length === count ? 'All' : `The ${listed.length} most confident`} of them in ${evaluatedDir ?? 'the validation split'}.`
              : `None in ${evaluatedDir ?? 'the validation split'}.`}
          </p>
          {listed.length > 0 && <WrongImages images={listed} runId={runId} />}
        </>
      ) : running ? (
        <p className="panel__text">Evaluating…</p>
      ) : onEvaluate ? (
        <button type="button" className="btn btn--small" onClick={onEvaluate}>Evaluate to list this cell's images</button>
      ) : null}
    </div>
  );
}

/** The run's loss and accuracy curves. */
function RunCurvesPanel({ runId }: { runId: string }) {
  const events = useRuns(selectEvents(runId));
  const curves = useMemo(() => runCurves(events), [events]);
  return (
    <Panel title="Curves">
      <RunCharts curves={curves} height={200} />
    </Panel>
  );
}
