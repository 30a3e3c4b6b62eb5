import type { DesignFile } from '../../src/service/api';
import { Modal } from '../components/Modal';

interface OpenDialogProps {
  /** Null while the list loads. */
  designs: readonly DesignFile[] | null;
  onOpen(file: DesignFile): void;
  onClose(): void;
}

const timeFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

/** Browser mode's Open: the designs saved in the workspace, newest first. */
export function OpenDialog({ designs, onOpen, onClose }: OpenDialogProps) {
  return (
    <Modal title="Open a design" onClose={onClose} testId="open-dialog">
      {designs === null && <p className="modal__text">Loading…</p>}
      {designs?.length === 0 && <p className="modal__text">No saved designs in the workspace yet. Use Save As to keep one.</p>}
      {designs && designs.length > 0 && (
        <ul className="design-list">
          {designs.map((file, i) => (
            <li key={file.path}>
              <button type="button" className="design-list__item" data-testid={`open-design-${file.name}`} onClick={() => onOpen(file)} autoFocus={i === 0} title={file.path}>
                <span className="design-list__name">{file.name}</span>
                <span className="design-list__meta">{timeFormat.format(file.modified)} · {(file.bytes / 1024).toFixed(1)} KB</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="modal__actions">
        <button type="button" onClick={onClose}>Cancel</button>
      </div>
    </Modal>
  );
}
