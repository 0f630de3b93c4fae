import { useState, type FormEvent } from 'react';
import { readableError } from '../api/errors';
import { Modal } from './Modal';

export interface FormField {
  name: string;
  label: string;
  type?: 'text' | 'password';
  initial?: string;
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  hint?: string;
}

interface Props {
  title: string;
  intro?: string;
  fields: FormField[];
  submitLabel: string;
  onSubmit: (values: Record<string, string>) => Promise<void>;
  onClose: () => void;
  testId?: string;
  /** Checks across fields (e.g. two passphrases match); returns a message or null. */
  validate?: (values: Record<string, string>) => string | null;
}

/** A small dialog with a few text fields; the submit's failure is shown inside it. */
export function FormDialog({
  title,
  intro,
  fields,
  submitLabel,
  onSubmit,
  onClose,
  testId,
  validate,
}: Props) {
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(fields.map((f) => [f.name, f.initial ?? ''])),
  );
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problem = validate?.(values) ?? null;
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      await onSubmit(values);
    } catch (failure) {
      setError(readableError(failure));
      setBusy(false);
    }
  }

  return (
    <Modal title={title} onClose={onClose} testId={testId}>
      <form className="stack" onSubmit={submit}>
        {intro && <p className="muted">{intro}</p>}
        {fields.map((field, index) => (
          <div key={field.name} className="field">
            <label htmlFor={`field-${field.name}`}>{field.label}</label>
            <input
              id={`field-${field.name}`}
              aria-describedby={field.hint ? `hint-${field.name}` : undefined}
              className="input"
              name={field.name}
              type={field.type ?? 'text'}
              value={values[field.name]}
              required={field.required}
              minLength={field.minLength}
              maxLength={field.maxLength}
              data-autofocus={index === 0 ? true : undefined}
              autoComplete={field.type === 'password' ? 'off' : undefined}
              onChange={(e) => setValues({ ...values, [field.name]: e.target.value })}
            />
            {field.hint && (
              <span id={`hint-${field.name}`} className="faint">
                {field.hint}
              </span>
            )}
          </div>
        ))}
        {error && (
          <p className="alert" role="alert">
            {error}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" className="button quiet" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={busy}>
            {submitLabel}
          </button>
        </div>
      </form>
    </Modal>
  );
}
