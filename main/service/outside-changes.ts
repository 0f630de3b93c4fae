/**
 * Notices what another process did to the catalogue (the CLI importing a release, or choosing
 * another one to learn from, beside the running app), so that the app can say so and its engine
 * can follow: every `everyMs` it reads `state` and calls `onChange` when it differs from what
 * it saw last. `seen()` takes the state as it is now, for the changes this process makes and
 * announces itself; `busy()` skips a look while such a change may be under way.
 */
export function watchOutsideChanges(options: {
  state: () => string;
  everyMs: number;
  busy: () => boolean;
  onChange: () => void;
}): { seen(): void; stop(): void } {
  let last = options.state();
  const timer = setInterval(() => {
    if (options.busy()) return;
    const now = options.state();
    if (now === last) return;
    last = now;
    options.onChange();
  }, options.everyMs);
  timer.unref();
  return {
    seen: () => {
      last = options.state();
    },
    stop: () => clearInterval(timer),
  };
}
