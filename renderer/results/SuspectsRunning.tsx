import { useEffect, useState } from 'react';
import type { SuspectsProgress } from '../../src/service/api';
import { api } from '../api/instance';
import { report } from '../state/problemsStore';
import { describeSuspectsProgress, suspectsFraction } from './suspectsProgress';

const POLL_MS = 1000;

/** A running suspects search: fold i of k, its epoch and the images scored, read every second; Cancel stops it. */
export function SuspectsRunning({ runId }: { runId: string }) {
  const [progress, setProgress] = useState<SuspectsProgress | null>(null);
  const [cancelling, setCancelling] = useState(false);
  useEffect(() => {
    let live = true;
    const read = () => api.suspectsProgress(runId).then((p) => live && setProgress(p), () => undefined);
    void read();
    const timer = setInterval(() => void read(), POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [runId]);
  const cancel = () => {
    setCancelling(true);
    api.cancelSuspects(runId).catch((e: Error) => {
      setCancelling(false);
      report('Could not cancel the search', e);
    });
  };
  return (
    <div className="callout suspects-running" data-testid="suspects-running">
      <span data-testid="suspects-progress">{cancelling ? 'Cancelling: the fold jobs stop after their current batch…' : describeSuspectsProgress(progress)}</span>
      <span className="meter__track"><span className="meter__fill" style={{ width: `${suspectsFraction(progress) * 100}%` }} /></span>
      <button type="button" className="btn btn--small" data-testid="suspects-cancel" disabled={cancelling} onClick={cancel}>Cancel</button>
    </div>
  );
}
