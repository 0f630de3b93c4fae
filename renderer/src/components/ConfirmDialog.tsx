import { useState } from 'react';
import { readableError } from '../api/errors';
import { Modal } from './Modal';

interface Props {
  title: string;
  message: string;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}

/** Asks before something that cannot be undone; the safe choice has the focus. */
export function ConfirmDialog({ title, message, confirmLabel, onConfirm, onClose }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function confirm() {
    setBusy(true);
    try {
      await onConfirm();
    } catch (failure) {
      setError(readableError(failure));
      setBusy(false);
    }
  }

  return (
    <Modal title={title} onClose={onClose} testId="confirm-dialog">
      <p>{message}</p>
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
      <div className="modal-actions">
        <button type="button" className="button" onClick={onClose} data-autofocus>
          Keep it
        </button>
        <button type="button" className="button danger" onClick={confirm} disabled={busy}>
          {confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
