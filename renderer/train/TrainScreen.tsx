import { useMemo, useState } from 'react';
import type { TrainEvent } from '../../src/service/api';
import { api } from '../api/instance';
import { ExportDialog } from '../export/ExportDialog';
import { DEFAULT_AUGMENT } from '../state/augmentPresets';
import { useDataset } from '../state/datasetStore';
import { report } from '../state/problemsStore';
import { useNav } from '../state/navStore';
import { runCurves } from '../charts/curves';
import { selectEvents, useRuns } from '../state/runsStore';
import { useEditor } from '../state/designStore';
import { GuideBar } from '../components/GuideBar';
import { DesignCheck } from './DesignCheck';
import { EnginePanel } from './EnginePanel';
import { HyperParams } from './HyperParams';
import { LiveRun, livePhase } from './LiveRun';
import { MemoryCheck } from './MemoryCheck';
import { followedRun } from './followed';
import { startBlockers } from './readiness';
import { settingsProblems, toTrainConfig, withEngine, type DataSettings } from '../state/trainSettings';
import { StartFromPanel } from './StartFromPanel';
import { useTrainSettings } from '../state/trainStore';

/** What this window asked of the followed run and has not yet seen answered by an event. */
interface Asked { runId: string; what: 'start' | 'stop'; /** Events the run had when asked. */ since: number }

const answered = (asked: Asked, events: readonly TrainEvent[]): boolean =>
  events.slice(asked.since).some((e) => (asked.what === 'start' ? e.type === 'start' || e.type === 'end' : e.type === 'end'));

/** Engine, options and Start / Stop / Resume on the left; the run's progress and charts on the right. */
export function TrainScreen() {
  const activeId = useRuns((s) => s.activeRunId);
  const context = useRuns((s) => s.activeContext);
  const events = useRuns(selectEvents(activeId));
  const curves = useMemo(() => runCurves(events), [events]);
  const [asked, setAsked] = useState<Asked | null>(null);
  const [busy, setBusy] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [more, setMore] = useState(5);
  const pending = asked && asked.runId === activeId && !answered(asked, events) ? asked.what : null;
  const activePhase = activeId ? livePhase(curves, pending) : null;
  const training = activePhase === 'starting' || activePhase === 'running' || activePhase === 'stopping';

  const settings = useTrainSettings((s) => s.settings);
  const init = useTrainSettings((s) => s.init);
  const data = useDataSettings();
  const runId = followedRun({ runId: activeId, context, chosenDir: data?.dir ?? null, live: training });
  const phase = runId ? activePhase : null;
  const runDir = useRuns((s) => (runId ? s.dataDirs[runId] ?? null : null));
  const activeDir = useRuns((s) => (activeId ? s.dataDirs[activeId] ?? null : null));
  const leftBehind = activeId && !runId ? { id: activeId, dir: activeDir ?? context } : null;
  const design = useEditor((s) => s.doc);
  const problems = useMemo(() => settingsProblems(settings, data ?? { ...PLACEHOLDER_DATA }, design), [settings, data, design]);
  const blockers = useBlockers(training, Object.keys(problems).length, init !== null, problems.torchRendezvous ?? problems.torchNodeRank);
  const openResults = useNav((s) => s.openResults);

  const start = async () => {
    const doc = useEditor.getState().doc;
    if (!doc || !data) return;
    setBusy(true);
    try {
      // Fine-tuning replaces the head for the folder's classes (the engine keeps it when they are the run's own).
      const config = withEngine(toTrainConfig(settings, data, init), settings);
      const info = init ? await api.startTraining(doc, config, { fixClasses: true }) : await api.startTraining(doc, config);
      useRuns.getState().started(info.id, doc, data.dir);
      useEditor.getState().lockForRun(info.id);
      setAsked({ runId: info.id, what: 'start', since: useRuns.getState().events[info.id]?.length ?? 0 });
    } catch (error) {
      report('Could not start training', error);
    } finally {
      setBusy(false);
    }
  };

  const stop = async () => {
    if (!runId) return;
    setAsked({ runId, what: 'stop', since: events.length });
    await api.stopTraining(runId).catch((error) => {
      setAsked(null);
      report('Could not stop the run', error);
    });
  };

  /** Continues the run; with `epochs` (a new total) a finished run trains further. */
  const resume = async (epochs?: number) => {
    if (!runId) return;
    setBusy(true);
    try {
      setAsked({ runId, what: 'start', since: events.length });
      await api.resumeTraining(runId, epochs === undefined ? undefined : { epochs });
      const from = useRuns.getState().startedFrom[runId];
      if (from && useEditor.getState().doc === from) useEditor.getState().lockForRun(runId);
      useRuns.getState().refreshList();
    } catch (error) {
      setAsked(null);
      report('Could not resume the run', error);
    } finally {
      setBusy(false);
    }
  };

  const finished = phase === 'completed' || phase === 'early-stopped';
  const epochsDone = curves.end?.epochsDone ?? 0;
  const resumable = phase === 'stopped' || phase === 'interrupted' || phase === 'failed';

  return (
    <div className="screen" data-testid="train-screen">
      <GuideBar />
      <header className="screen__head">
        <div className="screen__title-block">
          <h1 className="screen__title">Train</h1>
          <p className="screen__subtitle screen__subtitle--path" data-testid="train-dir">{runDir ?? (data ? data.dir : 'No image folder chosen')}</p>
        </div>
        <div className="screen__actions">
          {blockers.length > 0 && !training && <span className="screen__why" data-testid="start-blocker">{blockers[0]}</span>}
          {training ? (
            <button type="button" className="btn btn--danger" data-testid="stop-training" onClick={() => void stop()} disabled={phase !== 'running'}>
              {phase === 'stopping' ? 'Stopping…' : 'Stop'}
            </button>
          ) : (
            <>
              {resumable && (
                <button type="button" className="btn" data-testid="resume-training" onClick={() => void resume()} disabled={busy}>Resume</button>
              )}
              {finished && runId && (
                <>
                  <span className="train-more">
                    <input
                      type="number"
                      className="train-more__input"
                      min={1}
                      max={1000}
                      value={more}
                      aria-label="More epochs"
                      data-testid="train-more-epochs"
                      onChange={(e) => setMore(Math.max(1, Math.min(1000, Math.round(Number(e.target.value) || 1))))}
                    />
                    <button type="button" className="btn" data-testid="train-more" onClick={() => void resume(epochsDone + more)} disabled={busy}
                      title="Continue from the last epoch; the learning-rate schedule spans the new total">
                      Train {more} more epoch{more === 1 ? '' : 's'}
                    </button>
                  </span>
                  <button type="button" className="btn" data-testid="export-run" onClick={() => setExporting(true)}>Export…</button>
                  <button type="button" className="btn" data-testid="see-results" onClick={() => openResults(runId)}>See results</button>
                </>
              )}
              <button type="button" className="btn btn--primary" data-testid="start-training" onClick={() => void start()} disabled={busy || blockers.length > 0}>
                {runId ? 'Start a new run' : 'Start training'}
              </button>
            </>
          )}
        </div>
      </header>
      <div className="screen__body screen__body--train">
        <aside className="screen__side screen__side--left">
          <StartFromPanel disabled={training} />
          <DesignCheck />
          <EnginePanel disabled={training} />
          <HyperParams problems={problems} disabled={training} data={data} />
          <MemoryCheck />
        </aside>
        <div className="screen__main">
          {runId && phase ? (
            <LiveRun runId={runId} events={events} curves={curves} phase={phase} />
          ) : (
            <div className="empty" data-testid="train-empty">
              <p className="empty__title">{leftBehind ? 'No run on this folder yet' : 'No run yet'}</p>
              <p>Choose an image folder in Dataset, check the options, then Start. Loss and accuracy appear here as it learns.</p>
              {leftBehind && (
                <p data-testid="train-left-behind">
                  Run <code>{leftBehind.id}</code>{leftBehind.dir ? <> trained on <code>{leftBehind.dir}</code></> : null}; it is in Runs.
                </p>
              )}
            </div>
          )}
        </div>
      </div>
      {exporting && runId && <ExportDialog runId={runId} onClose={() => setExporting(false)} />}
    </div>
  );
}

const PLACEHOLDER_DATA: DataSettings = { dir: '-', valDir: null, validationFraction: 0.2, resize: 'crop', augment: DEFAULT_AUGMENT };

/** The Dataset screen's choices, once a folder is chosen. */
function useDataSettings(): DataSettings | null {
  const dir = useDataset((s) => s.dir);
  const valDir = useDataset((s) => s.valDir);
  const validationFraction = useDataset((s) => s.validationFraction);
  const resize = useDataset((s) => s.resize);
  const augment = useDataset((s) => s.augment);
  return useMemo(() => (dir ? { dir, valDir, validationFraction: valDir ? 0 : validationFraction, resize, augment } : null), [dir, valDir, validationFraction, resize, augment]);
}

function useBlockers(training: boolean, settingsProblemCount: number, newHead: boolean, firstProblem: string | undefined): string[] {
  const hasDesign = useEditor((s) => s.doc !== null);
  const designErrors = useEditor((s) => s.inference?.errors.length ?? 0);
  const outputs = useEditor((s) => (s.inference?.output?.length === 1 ? s.inference.output[0] : null));
  const datasetClasses = useDataset((s) => s.summary?.classes.length ?? null);
  const scanning = useDataset((s) => s.scanning);
  return startBlockers({ hasDesign, designErrors, outputs, datasetClasses, scanning, settingsProblems: settingsProblemCount, firstProblem, training, newHead });
}
