#!/usr/bin/env node
// The `movie-assistant` command. Runs the TypeScript sources through tsx, so a clone needs no
// build step; the packaged Electron app runs its own bundle instead and never comes here.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../cli/index.ts');
process.exitCode = await runCli(process.argv.slice(2));
