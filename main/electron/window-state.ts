import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The window's size and place, kept between runs in a small JSON file in the app's data folder. */
export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
  /** The View → Theme choice. */
  theme?: 'system' | 'light' | 'dark';
}

export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const WINDOW_STATE_FILE = 'window-state.json';
export const defaultWindowState: WindowState = { width: 1280, height: 800, maximized: false };
export const minimumWindowSize = { width: 900, height: 600 } as const;

/** Reads the saved state; a missing or damaged file gives the defaults. */
export function loadWindowState(dir: string): WindowState {
  try {
    const raw = JSON.parse(
      readFileSync(path.join(dir, WINDOW_STATE_FILE), 'utf8'),
    ) as Partial<WindowState>;
    const size = (value: unknown, min: number, fallback: number) =>
      typeof value === 'number' && Number.isFinite(value) && value >= min
        ? Math.round(value)
        : fallback;
    const place = (value: unknown) =>
      typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : undefined;
    const x = place(raw.x);
    const y = place(raw.y);
    return {
      ...(x !== undefined && y !== undefined ? { x, y } : {}),
      width: size(raw.width, minimumWindowSize.width, defaultWindowState.width),
      height: size(raw.height, minimumWindowSize.height, defaultWindowState.height),
      maximized: raw.maximized === true,
      ...(raw.theme === 'light' || raw.theme === 'dark' || raw.theme === 'system'
        ? { theme: raw.theme }
        : {}),
    };
  } catch {
    return { ...defaultWindowState };
  }
}

/** Writes the state atomically (temp file, then rename) so a crash never leaves half a file. */
export function saveWindowState(dir: string, state: WindowState): void {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, WINDOW_STATE_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(temp, file);
}

/**
 * Keeps a saved window on a screen that still exists: a window whose title bar would fall
 * outside every display's work area (a monitor unplugged since) is centred instead, and it
 * never comes back larger than the display it lands on.
 */
export function fitToDisplays(state: WindowState, workAreas: Area[]): WindowState {
  if (workAreas.length === 0) return state;
  const { x, y } = state;
  const home =
    x === undefined || y === undefined
      ? undefined
      : workAreas.find(
          (area) =>
            x + 100 > area.x &&
            x + 100 < area.x + area.width &&
            y >= area.y &&
            y + 30 < area.y + area.height,
        );
  const area = home ?? workAreas[0];
  const width = Math.min(state.width, area.width);
  const height = Math.min(state.height, area.height);
  if (home) return { ...state, width, height };
  return {
    ...state,
    width,
    height,
    x: Math.round(area.x + (area.width - width) / 2),
    y: Math.round(area.y + (area.height - height) / 2),
  };
}

/** The state of this run: read once at start, updated as the window moves, saved when asked. */
export class WindowStateStore {
  private state: WindowState;

  constructor(private readonly dir: string) {
    this.state = loadWindowState(dir);
  }

  get current(): WindowState {
    return this.state;
  }

  update(patch: Partial<WindowState>): void {
    this.state = { ...this.state, ...patch };
  }

  /** Saves, quietly: not being able to remember the window's place is no reason to bother anyone. */
  save(): void {
    try {
      saveWindowState(this.dir, this.state);
    } catch {
      // See above.
    }
  }
}
