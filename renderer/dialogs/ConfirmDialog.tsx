import { Modal } from './Modal';

interface ConfirmDialogProps {
  message: string;
  action: string;
  onConfirm(): void;
  onClose(): void;
}

/** Asks before a command throws away unsaved changes. */
export function ConfirmDialog({ message, action, onConfirm, onClose }: ConfirmDialogProps) {
  return (
    <Modal title="Unsaved changes" onClose={onClose} testId="confirm-dialog">
      <p className="modal__text">{message}</p>
      <div className="modal__actions">
        <button type="button" onClick={onClose} autoFocus>Cancel</button>
        <button type="button" className="button--danger" data-testid="confirm-discard" onClick={onConfirm}>{action}</button>
      </div>
    </Modal>
  );
}
