import { Modal } from '../components/Modal';

interface ConfirmDialogProps {
  /** Default: "Unsaved changes". */
  title?: string;
  message: string;
  action: string;
  onConfirm(): void;
  onClose(): void;
}

/** Asks before a command throws away unsaved changes (or anything else that cannot be undone). */
export function ConfirmDialog({ title = 'Unsaved changes', message, action, onConfirm, onClose }: ConfirmDialogProps) {
  return (
    <Modal title={title} onClose={onClose} testId="confirm-dialog">
      <p className="modal__text">{message}</p>
      <div className="modal__actions">
        <button type="button" onClick={onClose} autoFocus>Cancel</button>
        <button type="button" className="button--danger" data-testid="confirm-discard" onClick={onConfirm}>{action}</button>
      </div>
    </Modal>
  );
}
