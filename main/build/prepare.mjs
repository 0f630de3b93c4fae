#!/usr/bin/env node
// npm install's `prepare` step: builds dist/main (about a second, offline: esbuild is a local
// package), so the `movie-assistant` command starts from its bundle (dist/main/cli.js) instead of
// compiling its TypeScript through tsx at every call. Never fails an install: where esbuild is
// absent (an install without dev dependencies) or the build fails, it says so in one line and the
// command runs from its sources through tsx.
try {
  const { buildMain } = await import('./build-main.mjs');
  await buildMain({ quiet: true });
} catch (error) {
  const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
  console.warn(
    `movie-assistant: dist/main not built (${reason}); the command runs from its sources through tsx`,
  );
}
