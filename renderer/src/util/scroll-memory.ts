import { useEffect } from 'react';
import { useNavigation, type Screen } from '../stores/navigation';

/**
 * How long a page come back to may take to grow tall enough to be scrolled where it was left
 * (a movie's similar movies can take seconds while the model loads).
 */
const restoreForMs = 10_000;
const restoreStepMs = 50;
/** How long a page restored must stand still before it is left to the person. */
const settleMs = 750;

/** Where each visit (the navigation's `visit`) was last scrolled to; the latest `keptMost`. */
const kept = new Map<number, number>();
/** More places than Back can reach (the navigation keeps 30). */
const keptMost = 100;

function keepAt(key: number, top: number): void {
  kept.delete(key);
  kept.set(key, top);
  if (kept.size > keptMost) kept.delete(kept.keys().next().value!);
}

/**
 * A page opened anew starts at its top; one come back to (Back, or the browser's back) opens
 * scrolled where it was left, once its list is tall enough again (lists may still be loading),
 * unless the person scrolls first. `scroller` is the element the pages scroll in; `visit` the
 * navigation's; `screen` the one shown, which may stand in for the one asked for (the profiles
 * until one is chosen).
 */
export function useScrollMemory(
  scroller: () => HTMLElement | null,
  visit: number,
  screen: Screen,
): void {
  useEffect(() => {
    const element = scroller();
    if (!element) return;
    const keep = () => keepAt(useNavigation.getState().visit, element.scrollTop);
    element.addEventListener('scroll', keep, { passive: true });
    return () => element.removeEventListener('scroll', keep);
  }, [scroller]);

  useEffect(() => {
    const element = scroller();
    if (!element) return;
    const back = useNavigation.getState().cameBack;
    const target = back ? (kept.get(visit) ?? 0) : 0;
    element.scrollTo?.({ top: target });
    if (target === 0) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = () => {
      clearTimeout(timer);
      for (const event of userScrolls) element.removeEventListener(event, stop);
    };
    const started = Date.now();
    // Held there, not only until reached once: the page may still show what it showed before
    // (another movie's page) and shrink to a "Loading…" before it grows again. Once it has stood
    // there, its height unchanged, for a moment, it is left alone.
    let lastHeight = -1;
    let settledSince: number | null = null;
    const step = () => {
      const height = element.scrollHeight;
      if (Math.abs(element.scrollTop - target) > 1) {
        element.scrollTo?.({ top: target });
        settledSince = null;
      } else if (height !== lastHeight) settledSince = null;
      else settledSince ??= Date.now();
      lastHeight = height;
      const now = Date.now();
      if (
        now - started >= restoreForMs ||
        (settledSince !== null && now - settledSince >= settleMs)
      )
        return stop();
      timer = setTimeout(step, restoreStepMs);
    };
    for (const event of userScrolls) element.addEventListener(event, stop, { passive: true });
    step();
    return stop;
  }, [scroller, visit, screen]);
}

/** What a person does to scroll themselves, which ends a restore still waiting. */
const userScrolls = ['wheel', 'keydown', 'pointerdown', 'touchstart'] as const;
