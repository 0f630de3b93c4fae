import { runCli } from '../cli/index';

// The entry of dist/main/cli.js: what main/bin/movie-assistant.mjs does from the sources.
process.exitCode = await runCli(process.argv.slice(2));
