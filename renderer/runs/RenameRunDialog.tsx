import { useState } from 'react';
import type { RunInfo } from '../../src/service/api';
import { api } from '../api/instance';
import { Modal } from '../components/Modal';
import { report } from '../state/problemsStore';
import { useRuns } from '../state/runsStore';

/** Gives a run a name of its own; an empty name goes back to the design's. */
export function RenameRunDialog({ run, onClose }: { run: RunInfo; onClose(): void }) {
  const [name, setName] = useState(run.label ?? '');
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    try {
      await api.renameRun(run.id, name);
      useRuns.getState().refreshList();
      onClose();
    } catch (error) {
      report(`Could not rename run ${run.id}`, error);
      setSaving(false);
    }
  };
  return (
    <Modal title="Rename run" onClose={onClose} testId="rename-dialog">
      <form onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <label className="modal__label" htmlFor="rename-run">Name of run <code>{run.id}</code></label>
        <div className="modal__row">
          <input id="rename-run" type="text" autoFocus value={name} maxLength={120} placeholder={run.name} onChange={(e) => setName(e.target.value)} data-testid="rename-input" />
        </div>
        <p className="modal__text--muted">Leave it empty to show the design’s name, {run.name}.</p>
        <div className="modal__actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="button--primary" disabled={saving} data-testid="rename-save">Save</button>
        </div>
      </form>
    </Modal>
  );
}
