import { create } from 'zustand';

export type ThemeChoice = 'system' | 'light' | 'dark';
const storageKey = 'movie-assistant.theme';
const order: ThemeChoice[] = ['system', 'light', 'dark'];

function stored(): ThemeChoice {
  try {
    const value = globalThis.localStorage?.getItem(storageKey);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}

/** 'system' leaves the attribute off so the CSS follows prefers-color-scheme. */
export function applyTheme(choice: ThemeChoice): void {
  const root = document.documentElement;
  if (choice === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', choice);
}

interface ThemeState {
  choice: ThemeChoice;
  cycle: () => void;
  choose: (choice: ThemeChoice) => void;
}

export const useTheme = create<ThemeState>((set, get) => ({
  choice: stored(),
  cycle: () => get().choose(order[(order.indexOf(get().choice) + 1) % order.length]),
  choose: (choice) => {
    try {
      globalThis.localStorage?.setItem(storageKey, choice);
    } catch {
      // Storage may be unavailable (private window); the choice still applies for this run.
    }
    applyTheme(choice);
    set({ choice });
  },
}));
