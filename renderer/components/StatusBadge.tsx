const LABELS: Record<string, string> = {
  starting: 'starting…',
  running: 'training',
  stopping: 'stopping…',
  completed: 'completed',
  stopped: 'stopped',
  'early-stopped': 'stopped early',
  failed: 'failed',
  interrupted: 'interrupted',
  imported: 'imported',
};

/** A run's status as a coloured label. */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge--${status}`} data-testid="run-status" data-status={status}>{LABELS[status] ?? status}</span>;
}
