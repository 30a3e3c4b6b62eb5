import { useState, type FormEvent } from 'react';
import { Modal } from '../components/Modal';

/** A file name a design can be saved under in the workspace's designs folder; why not, otherwise. */
export function checkDesignName(name: string): string | null {
  const n = name.trim().replace(/\.json$/i, '');
  if (!n) return 'Enter a name.';
  if (n.length > 100) return 'Use at most 100 characters.';
  if (!/^[\w][\w .()-]*$/u.test(n)) return 'Use letters, digits, spaces and . _ - ( ) only, starting with a letter or digit.';
  return null;
}

/** A suggested file name for a design: its name with anything unusual replaced. */
export function suggestName(designName: string): string {
  const cleaned = designName.replace(/[^\w .()-]+/g, '-').replace(/-+/g, '-').replace(/^[^\w]+|[-\s]+$/g, '');
  return cleaned.slice(0, 100) || 'design';
}

interface SaveAsDialogProps {
  suggested: string;
  onSave(name: string): void;
  onClose(): void;
}

/** Browser mode's Save As: a name for the design file in the workspace. */
export function SaveAsDialog({ suggested, onSave, onClose }: SaveAsDialogProps) {
  const [name, setName] = useState(suggested);
  const [touched, setTouched] = useState(false);
  const problem = checkDesignName(name);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!problem) onSave(name.trim().replace(/\.json$/i, ''));
  };
  return (
    <Modal title="Save design as" onClose={onClose} testId="save-dialog">
      <form onSubmit={submit}>
        <label className="modal__label" htmlFor="save-name">File name in the workspace’s designs folder</label>
        <div className="modal__row">
          <input id="save-name" data-testid="save-name" type="text" value={name} autoFocus onChange={(e) => setName(e.target.value)} />
          <span className="modal__suffix">.json</span>
        </div>
        {touched && problem && <p className="field__error" role="alert">{problem}</p>}
        <div className="modal__actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="button--primary" data-testid="save-confirm">Save</button>
        </div>
      </form>
    </Modal>
  );
}
