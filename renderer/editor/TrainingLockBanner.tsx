import { useNav } from '../state/navStore';
import { selectReadOnly, useEditor } from '../state/designStore';

/** Over the editor while its design trains: why it cannot be edited, and a way to the run. */
export function TrainingLockBanner() {
  const readOnly = useEditor(selectReadOnly);
  const runId = useEditor((s) => s.lock?.runId);
  const go = useNav((s) => s.go);
  if (!readOnly) return null;
  return (
    <div className="banner banner--lock" role="status" data-testid="read-only-banner">
      <span>This design is training (run <code>{runId}</code>); it is read-only until the run ends or is stopped.</span>
      <button type="button" className="btn btn--small" onClick={() => go('train')}>Watch it train</button>
    </div>
  );
}
