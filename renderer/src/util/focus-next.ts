import { useEffect, useRef, useState, type RefObject } from 'react';

/**
 * For a list whose items a button removes (Hide, Clear, Remove): the focus, on that button, goes
 * on to the next item (the previous one, for the last) instead of back to the top of the page.
 * `ids` are the items in order; `selectorOf(id)` finds what to focus in an item.
 * Returns the list's ref and `leaving(id)`, to call as an item's removal starts.
 */
export function useFocusNext<E extends HTMLElement>(
  ids: readonly number[],
  selectorOf: (id: number) => string,
): { list: RefObject<E | null>; leaving: (id: number) => void } {
  const list = useRef<E>(null);
  const [next, setNext] = useState<number | null>(null);
  useEffect(() => {
    if (next === null || !ids.includes(next)) return;
    list.current?.querySelector<HTMLElement>(selectorOf(next))?.focus();
    setNext(null);
  }, [ids, next, selectorOf]);
  const leaving = (id: number) => {
    if (!list.current?.contains(document.activeElement)) return; // a pointer's click: leave it be
    const at = ids.indexOf(id);
    const other = ids[at + 1] ?? ids[at - 1];
    if (other !== undefined) setNext(other);
  };
  return { list, leaving };
}
