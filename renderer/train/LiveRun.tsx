import { useMemo } from 'react';
import type { RunInfo, TrainEvent } from '../../src/service/api';
import { summarizeRun } from '../../src/contract/runSummary';
import { RunCharts } from '../charts/RunCharts';
import { formatCount, formatDuration, formatLoss, formatPercent } from '../components/format';
import { runProgress, type RunCurves } from '../charts/curves';
import { BEST_ACCURACY_HINT, TRAINING_TIME_HINT } from '../components/runLabels';
import { skippedSoFar } from './skipped';
import { StatusBadge } from '../components/StatusBadge';
import { shortBackend } from '../components/backendName';
import { runImagesCaption } from './imageCounts';

export type LivePhase = 'starting' | 'running' | 'stopping' | RunInfo['status'];

/** The phase a run is in, from its events and what this window asked for and has not heard back about. */
export function livePhase(curves: RunCurves, asked: 'start' | 'stop' | null): LivePhase {
  if (asked === 'start') return 'starting';
  if (curves.end) return curves.end.status;
  if (asked === 'stop') return 'stopping';
  return curves.start ? 'running' : 'starting';
}

interface LiveRunProps {
  runId: string;
  events: readonly TrainEvent[];
  curves: RunCurves;
  phase: LivePhase;
}

/** Progress bar, rate, ETA and the loss and accuracy charts of the run being followed. */
export function LiveRun({ runId, events, curves, phase }: LiveRunProps) {
  const progress = runProgress(curves);
  const summary = useMemo(() => summarizeRun(events), [events]);
  const end = curves.end;
  const leftOut = useMemo(() => skippedSoFar(events).whileTraining, [events]);

  return (
    <section className="live" data-testid="live-run" data-phase={phase}>
      <div className="live__head">
        <StatusBadge status={phase} />
        <code className="live__id" title="Run id">{runId}</code>
        {curves.start && <span className="live__meta"><span title={curves.start.backend}>{shortBackend(curves.start.backend)}</span> · <span data-testid="live-images">{runImagesCaption(curves.start.trainSize, curves.start.valSize, leftOut)}</span></span>}
      </div>
      {curves.start?.init && (
        <p className="live__init" data-testid="live-init" title={curves.start.init.fresh.length ? `Fresh: ${curves.start.init.fresh.join(', ')}` : undefined}>
          Fine-tuned from <code>{curves.start.init.run}</code>: {formatCount(curves.start.init.copied)} weight tensors copied
          {curves.start.init.fresh.length ? `; ${curves.start.init.fresh.length === 1 ? curves.start.init.fresh[0] : `${curves.start.init.fresh.length} layers`} fresh` : ''}.
        </p>
      )}
      <div
        className="progress"
        role="progressbar"
        aria-label="Training progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round((progress?.fraction ?? 0) * 100)}
        data-testid="train-progress"
      >
        <span className="progress__fill" style={{ width: `${(progress?.fraction ?? 0) * 100}%` }} />
      </div>
      <dl className="stats">
        <div><dt>Epoch</dt><dd data-testid="stat-epoch">{progress ? `${progress.epoch} / ${progress.epochs}` : '—'}</dd></div>
        <div><dt>Batch</dt><dd>{progress ? `${progress.step} / ${progress.stepsPerEpoch}` : '—'}</dd></div>
        <div><dt>Images/s</dt><dd data-testid="stat-rate">{progress?.imagesPerSecond ? formatCount(progress.imagesPerSecond) : '—'}</dd></div>
        <div><dt>ETA</dt><dd data-testid="stat-eta">{phase === 'running' ? formatDuration(progress?.etaSeconds) : '—'}</dd></div>
        <div title={TRAINING_TIME_HINT}><dt>Training time</dt><dd data-testid="stat-time">{curves.start ? formatDuration(summary.trainingSeconds) : '—'}</dd></div>
        <div title="On the last training batch"><dt>Training loss</dt><dd data-testid="stat-loss">{formatLoss(curves.lastBatch?.loss)}</dd></div>
        <div title={BEST_ACCURACY_HINT}>
          <dt>Best val. acc.{summary.bestEpoch !== null && <span className="stats__note"> (epoch {summary.bestEpoch + 1})</span>}</dt>
          <dd data-testid="stat-best">{formatPercent(summary.bestValAccuracy)}</dd>
        </div>
      </dl>
      <SkippedFiles events={events} />
      {end?.status === 'failed' && <p className="callout callout--error" role="alert" data-testid="run-failed">The run failed: {end.message ?? 'no message'}</p>}
      <RunCharts curves={curves} />
    </section>
  );
}

/** The files this run has left out so far, as the engine reports them (a file can fail to decode only when training reads it). */
function SkippedFiles({ events }: { events: readonly TrainEvent[] }) {
  const skipped = useMemo(() => skippedSoFar(events), [events]);
  if (skipped.files.length === 0) return null;
  const count = skipped.files.length;
  return (
    <details className="callout callout--warn run-skipped" data-testid="run-skipped">
      <summary>
        {formatCount(count)} file{count === 1 ? '' : 's'} left out
        {skipped.whileTraining > 0 && <> ({formatCount(skipped.whileTraining)} found while training)</>}: they could not be used and do not count.
      </summary>
      <ul>{skipped.files.slice(0, 100).map((f) => <li key={f.path}><code>{f.path}</code> — {f.reason}</li>)}</ul>
      {count > 100 && <p>… and {formatCount(count - 100)} more; the run’s report lists them all.</p>}
    </details>
  );
}
