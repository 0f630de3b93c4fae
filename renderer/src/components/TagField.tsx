import { useEffect, useId, useState } from 'react';
import { call } from '../api/client';
import { tagFilterMax } from '../../../shared/api';

/** A pause in typing a tag before the list is asked for again. */
const tagSettleMs = 300;
/** A shorter pause before tags are offered to complete what is typed. */
const suggestMs = 120;
/** Tags offered at most. */
const offeredMost = 8;

/** The tags the catalogue offers to complete `typed` (none below two letters, or on a failure). */
function useTagSuggestions(typed: string): string[] {
  const [offered, setOffered] = useState<string[]>([]);
  useEffect(() => {
    const text = typed.trim();
    if (text.length < 2) {
      setOffered([]);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      call('search.tags', { text, limit: offeredMost }).then(
        (tags) => current && setOffered(tags),
        () => current && setOffered([]),
      );
    }, suggestMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [typed]);
  return offered;
}

/**
 * "Tagged": words a list keeps only the movies viewers tagged with, with the catalogue's tags
 * offered to complete them as they are typed. `typed` is the text as it stands; `onSettle` gets
 * it once typing pauses (if it differs from `settled`, the tag the list was asked with), so that
 * a list is asked for once a word, not once a keystroke.
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
  const offered = useTagSuggestions(typed);
  const listId = useId();
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
        maxLength={tagFilterMax}
        placeholder={placeholder}
        data-testid={testId}
        list={listId}
        onChange={(e) => {
          onType(e.target.value);
          // a tag picked from those offered is whole: no pause to wait for
          if (offered.includes(e.target.value)) onSettle(e.target.value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') onEnter?.();
        }}
      />
      <datalist id={listId} data-testid={`${testId}-offered`}>
        {offered.map((tag) => (
          <option key={tag} value={tag} />
        ))}
      </datalist>
    </label>
  );
}
