import { useEffect, useState } from 'react';
import type { FolderFix, RunDetails, Suspects, TopLosses } from '../../src/service/api';
import { api } from '../api/instance';
import { Panel } from '../components/fields';
import { Thumbnail } from '../components/Thumbnail';
import { useImagePreviews } from '../components/previews';
import { formatCount, formatPercent } from '../components/format';
import { report } from '../state/problemsStore';
import { useNav } from '../state/navStore';
import { GradCamView } from '../components/GradCamView';
import { dataFoldersOf } from '../components/runReport';
import { useRuns } from '../state/runsStore';
import { SuspectsRunning } from './SuspectsRunning';

const PREVIEW = { size: 96, channels: 3 as const, resize: 'crop' as const };
const baseName = (path: string): string => path.split(/[\\/]/).pop() ?? path;

/** The run's config for a new run on the same folder: the folder's normalisation is measured again, since files changed. */
function recipeAgain(config: unknown): unknown {
  if (!config || typeof config !== 'object') return config;
  const { data, engineChoice: _choice, ...rest } = config as { data?: Record<string, unknown>; engineChoice?: unknown };
  const { mean: _mean, std: _std, ...dataRest } = data ?? {};
  return { ...rest, data: dataRest };
}

/** Top losses and confused pairs of the validation split, likely mislabelled files, and fixes to the folder. */
export function ErrorAnalysisPanel({ runId, details }: { runId: string; details: RunDetails }) {
  const [losses, setLosses] = useState<TopLosses | 'running' | null>(null);
  const [suspects, setSuspects] = useState<Suspects | 'running' | 'cancelled' | null>(null);
  const [fixes, setFixes] = useState<Map<string, FolderFix>>(new Map());
  const dataDir = dataFoldersOf(details.config).dir;
  const go = useNav((s) => s.go);
  // The run's Grad-CAM job starts now, so that the first "Where it looked" is answered as fast as the next ones;
  // a run it cannot start for says so when that button is pressed.
  useEffect(() => void api.warmGradCam(runId).catch(() => undefined), [runId]);

  const loadLosses = () => {
    setLosses('running');
    api.topLosses(runId, { limit: 24 }).then(setLosses, (e: Error) => {
      setLosses(null);
      report('Could not list the top losses', e);
    });
  };
  const loadSuspects = () => {
    setSuspects('running');
    api.findSuspects(runId).then(setSuspects, (e: Error) => {
      const cancelled = /^cancelled/.test(e.message);
      setSuspects(cancelled ? 'cancelled' : null);
      if (!cancelled) report('Could not look for mislabelled files', e);
    });
  };
  const fix = (file: string, change: { action: 'move'; toClass: string } | { action: 'exclude' }) => {
    if (!dataDir) return;
    api.fixFolder(dataDir, { ...change, file, runId }).then(
      (done) => setFixes((m) => new Map(m).set(file, done)),
      (e: Error) => report('Could not change the folder', e),
    );
  };
  const undo = (file: string) => {
    const done = fixes.get(file);
    if (!dataDir || !done) return;
    api.undoFolderFix(dataDir, done.id).then(
      () => setFixes((m) => {
        const next = new Map(m);
        next.delete(file);
        return next;
      }),
      (e: Error) => report('Could not undo the change', e),
    );
  };
  const trainAgain = () => {
    if (!details.graph) return;
    api.startTraining(details.graph, recipeAgain(details.config)).then((run) => {
      // Runs opens with the two side by side: this run and the one trained on the fixed folder.
      useRuns.getState().setCompared([runId, run.id]);
      useRuns.getState().refreshList();
      go('runs');
    }, (e: Error) => report('Could not start training', e));
  };

  return (
    <Panel
      title="Error analysis"
      testId="error-analysis"
      actions={(
        <>
          <button type="button" className="btn btn--small" data-testid="top-losses" disabled={losses === 'running'} onClick={loadLosses}>Top losses</button>
          <button type="button" className="btn btn--small" data-testid="find-suspects" disabled={suspects === 'running' || !dataDir} onClick={loadSuspects}>Likely mislabelled</button>
          <button type="button" className="btn btn--small btn--primary" data-testid="train-again" disabled={fixes.size === 0 || !details.graph} onClick={trainAgain}
            title="A new run with the same design and recipe on the fixed folder">
            Train again with the fixes{fixes.size ? ` (${fixes.size})` : ''}
          </button>
        </>
      )}
    >
      {!losses && (!suspects || suspects === 'cancelled') && (
        <p className="panel__text panel__text--muted">
          Top losses: the validation images the model gets most wrong, and the classes it confuses. Likely mislabelled: every file of
          <code> {dataDir ?? 'the folder'}</code> scored by models that did not train on it (4-fold cross-validation, so it takes four short trainings).
        </p>
      )}
      {losses === 'running' && <p className="callout">Scoring the validation split…</p>}
      {losses && losses !== 'running' && <LossesView runId={runId} losses={losses} />}
      {suspects === 'running' && <SuspectsRunning runId={runId} />}
      {suspects === 'cancelled' && <p className="panel__text panel__text--muted" data-testid="suspects-cancelled">Cancelled: the fold models stopped and nothing was written.</p>}
      {suspects && suspects !== 'running' && suspects !== 'cancelled' && (
        <SuspectsView runId={runId} suspects={suspects} fixes={fixes} onMove={(f, c) => fix(f, { action: 'move', toClass: c })} onExclude={(f) => fix(f, { action: 'exclude' })} onUndo={undo} />
      )}
    </Panel>
  );
}

function LossesView({ runId, losses }: { runId: string; losses: TopLosses }) {
  const previews = useImagePreviews(losses.losses.map((l) => l.path), PREVIEW);
  return (
    <div className="error-analysis" data-testid="losses">
      <p className="panel__text">
        {formatCount(losses.count)} validation images, accuracy {formatPercent(losses.accuracy)}. Most confused:{' '}
        {losses.pairs.length ? losses.pairs.slice(0, 6).map((p) => `${p.label} → ${p.predicted} (${p.count})`).join(', ') : 'none'}.
      </p>
      <ul className="wrong-grid">
        {losses.losses.map((l) => (
          <li key={l.path} className="wrong" data-testid="loss-row">
            <Thumbnail path={l.path} preview={previews.get(l.path)} size={96} />
            <span className="wrong__file" title={l.path}>{baseName(l.path)}</span>
            <span className="wrong__label">is <strong>{l.label}</strong> ({formatPercent(l.labelProbability)})</span>
            <span className={l.label === l.predicted ? 'wrong__predicted wrong__predicted--right' : 'wrong__predicted'}>
              {l.label === l.predicted ? 'correct' : <>seen as <strong>{l.predicted}</strong></>} {formatPercent(l.probability)}
            </span>
            <span className="wrong__probability">loss {l.loss.toFixed(2)}</span>
            <GradCamView runId={runId} path={l.path} size={96} />
          </li>
        ))}
      </ul>
    </div>
  );
}

interface SuspectsViewProps {
  runId: string;
  suspects: Suspects;
  fixes: Map<string, FolderFix>;
  onMove: (file: string, toClass: string) => void;
  onExclude: (file: string) => void;
  onUndo: (file: string) => void;
}

function SuspectsView({ runId, suspects, fixes, onMove, onExclude, onUndo }: SuspectsViewProps) {
  const shown = suspects.suspects.slice(0, 24);
  const previews = useImagePreviews(shown.map((s) => s.path), PREVIEW);
  return (
    <div className="error-analysis" data-testid="suspects">
      <p className="panel__text">
        {formatCount(suspects.suspects.length)} of {formatCount(suspects.count)} files look mislabelled ({suspects.folds} folds trained with {suspects.engine === 'torch' ? 'PyTorch' : 'TF.js'}, out-of-sample accuracy {formatPercent(suspects.accuracy)}).
        Moves and exclusions are logged beside the folder and can be undone; nothing is deleted.
      </p>
      <ul className="wrong-grid">
        {shown.map((s) => {
          const done = fixes.get(s.path);
          return (
            <li key={s.path} className="wrong" data-testid="suspect-row">
              <Thumbnail path={s.path} preview={previews.get(s.path)} size={96} />
              <span className="wrong__file" title={s.path}>{baseName(s.path)}</span>
              <span className="wrong__label">labelled <strong>{s.label}</strong> ({formatPercent(s.labelProbability)})</span>
              <span className="wrong__predicted">looks like <strong>{s.proposed}</strong> {formatPercent(s.confidence)}</span>
              {done ? (
                <span className="wrong__probability">
                  {done.action === 'move' ? `moved to ${s.proposed}` : 'excluded'}{' '}
                  <button type="button" className="btn btn--small" data-testid="suspect-undo" onClick={() => onUndo(s.path)}>Undo</button>
                </span>
              ) : (
                <span className="wrong__probability">
                  <button type="button" className="btn btn--small" data-testid="suspect-move" onClick={() => onMove(s.path, s.proposed)}>Move to {s.proposed}</button>{' '}
                  <button type="button" className="btn btn--small" data-testid="suspect-exclude" onClick={() => onExclude(s.path)}>Exclude</button>
                </span>
              )}
              <GradCamView runId={runId} path={s.path} size={96} />
            </li>
          );
        })}
      </ul>
    </div>
  );
}
