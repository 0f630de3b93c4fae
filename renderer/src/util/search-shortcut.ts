import { useEffect } from 'react';
import { useNavigation } from '../stores/navigation';

/** Whether someone is typing somewhere: a text field, a select, an editable element. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (!(target instanceof HTMLInputElement)) return false;
  return !['button', 'checkbox', 'radio', 'range', 'submit', 'reset', 'file', 'color'].includes(
    target.type,
  );
}

/** "/" or Ctrl+K (⌘K on macOS), pressed while not typing in a field. */
export function isSearchShortcut(event: KeyboardEvent): boolean {
  if (isTyping(event.target)) return false;
  const plainSlash = event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey;
  const commandK =
    event.key.toLowerCase() === 'k' && (event.ctrlKey || event.metaKey) && !event.altKey;
  return plainSlash || commandK;
}

/** Puts the keyboard in the search box from anywhere in the app, opening the search screen. */
export function useSearchShortcut(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || !isSearchShortcut(event)) return;
      if (document.querySelector('[role="dialog"]')) return;
      event.preventDefault();
      const input = document.querySelector<HTMLInputElement>('[data-testid="search-input"]');
      if (input) {
        input.focus();
        input.select();
      } else {
        useNavigation.getState().go('search'); // the search screen focuses its box on mount
      }
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}
