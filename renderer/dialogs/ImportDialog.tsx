import { useState, type FormEvent } from 'react';
import { Modal } from './Modal';

interface ImportDialogProps {
  onImport(path: string): void;
  onClose(): void;
  busy: boolean;
}

/** File ▸ Import…: the path of an ONNX file or a TF.js model.json on the host, brought in as a design with its weights. */
export function ImportDialog({ onImport, onClose, busy }: ImportDialogProps) {
  const [path, setPath] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (path.trim()) onImport(path.trim());
  };
  return (
    <Modal title="Import a model" onClose={onClose} testId="import-dialog">
      <form onSubmit={submit}>
        <label className="modal__label" htmlFor="import-path">Path of an ONNX file (.onnx) or a TF.js model.json</label>
        <div className="modal__row">
          <input id="import-path" data-testid="import-path" type="text" value={path} autoFocus onChange={(e) => setPath(e.target.value)} />
        </div>
        <p className="modal__label">Normalisation defaults to ImageNet’s mean and std, classes are numbered; both can be set with the command line’s --mean, --std and --labels.</p>
        <div className="modal__actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="button--primary" data-testid="import-confirm" disabled={busy || !path.trim()}>{busy ? 'Importing…' : 'Import'}</button>
        </div>
      </form>
    </Modal>
  );
}
