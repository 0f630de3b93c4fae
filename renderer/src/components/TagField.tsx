import { useEffect } from 'react';

/** A pause in typing a tag before the list is asked for again. */
const tagSettleMs = 300;

/**
 * "Tagged": words a list keeps only the movies viewers tagged with. `typed` is the text as it
 * stands; `onSettle` gets it once typing pauses (if it differs from `settled`, the tag the list
 * was asked with), so that a list is asked for once a word, not once a keystroke.
 */
export function TagField({
  typed,
  settled,
  onType,
  onSettle,
  onEnter,
  placeholder,
  testId,
}: {
  typed: string;
  settled: string;
  onType: (text: string) => void;
  onSettle: (tag: string) => void;
  onEnter?: () => void;
  placeholder: string;
  testId: string;
}) {
  useEffect(() => {
    if (typed.trim() === settled.trim()) return;
    const timer = setTimeout(() => onSettle(typed), tagSettleMs);
    return () => clearTimeout(timer);
  }, [typed, settled, onSettle]);
  return (
    <label className="field">
      Tagged
      <input
        className="input"
        type="search"
        value={typed}
        placeholder={placeholder}
        data-testid={testId}
        onChange={(e) => onType(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') onEnter?.();
        }}
      />
    </label>
  );
}
