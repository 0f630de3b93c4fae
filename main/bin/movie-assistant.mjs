#!/usr/bin/env node
// The `movie-assistant` command. Runs the bundle dist/main/cli.js (built by `npm install`'s
// prepare step and by `npm run build`) when it is current (./cli-bundle.mjs); otherwise (a clone
// with no build, sources edited since, or MOVIE_ASSISTANT_FROM_SOURCE=1) it runs the TypeScript
// sources through tsx, so a clone needs no build step. The packaged Electron app runs its own
// bundle and never comes here.
import { pathToFileURL } from 'node:url';
import { bundleIsCurrent, cliBundle } from './cli-bundle.mjs';

if (bundleIsCurrent()) {
  await import(pathToFileURL(cliBundle).href); // sets process.exitCode (main/build/cli-entry.ts)
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { runCli } = await import('../cli/index.ts');
  process.exitCode = await runCli(process.argv.slice(2));
}
