#!/usr/bin/env node
// Bundles everything that runs in Node or Electron into dist/main/ with esbuild:
//   app.cjs             Electron's main process (CommonJS: Electron loads it as package.json "main")
//   preload.cjs         the sandboxed preload (CommonJS, no Node built-ins: sandboxed preloads can't have them)
//   service-process.js  the service, run in Electron's utilityProcess (or a plain Node child)
//   worker-<name>.js    the worker threads of main/util/workers.ts, next to the code that starts them
//   cli.js              the movie-assistant command (main/bin/movie-assistant.mjs runs it when it is
//                       current; the packaged app too), split into cli-chunk-*.js files so that
//                       what it imports on first use (TensorFlow.js with the engine, the local
//                       host) loads only for the commands that need it
// Native and wasm packages stay external: their .node/.wasm files are found relative to their own
// package in node_modules (unpacked from the asar when packaged).
//
// Usage: node main/build/build-main.mjs [--outdir DIR] [--quiet]
import { build } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '../util/repo-root.mjs';

/** Runtime packages that are never bundled. */
export const externalPackages = ['electron', 'better-sqlite3', '@tensorflow/*'];
/**
 * Development tools some commands load only when run from a checkout (building the pages,
 * `serve --dev`, `start`): never part of a bundle, and not shipped in the packaged app.
 */
export const developmentPackages = ['vite', 'esbuild', 'tsx', 'playwright-core', '@vitejs/*'];

/**
 * The worker threads, read from the table in main/util/workers.ts (the one place they are
 * listed): `name: '../dir/file.ts'` becomes worker-<name>.js from main/dir/file.ts.
 */
export function workerBundles() {
  const source = readFileSync(path.join(repoRoot, 'main/util/workers.ts'), 'utf8');
  const table = /const workerSources = \{([^}]*)\}/.exec(source);
  if (!table) throw new Error('main/util/workers.ts: no workerSources table found');
  return [...table[1].matchAll(/([\w-]+)\s*:\s*'(\.\.\/[^']+\.ts)'/g)].map(([, name, file]) => ({
    entry: path.posix.join('main', file.slice(3)),
    out: `worker-${name}.js`,
    format: 'esm',
    platform: 'node',
  }));
}

/** Every bundle: its source, output name and module format. */
export const bundles = [
  { entry: 'main/app.ts', out: 'app.cjs', format: 'cjs', platform: 'node' },
  { entry: 'main/preload.ts', out: 'preload.cjs', format: 'cjs', platform: 'browser' },
  {
    entry: 'main/electron/service-process.ts',
    out: 'service-process.js',
    format: 'esm',
    platform: 'node',
  },
  ...workerBundles(),
  { entry: 'main/build/cli-entry.ts', out: 'cli.js', format: 'esm', platform: 'node', split: true },
];

// ESM bundles hold CommonJS dependencies that call require() and read __dirname: give them both.
const esmBanner = [
  "import { createRequire as __maCreateRequire } from 'node:module';",
  "import { fileURLToPath as __maFileURLToPath } from 'node:url';",
  'const require = __maCreateRequire(import.meta.url);',
  'const __filename = __maFileURLToPath(import.meta.url);',
  "const __dirname = __maFileURLToPath(new URL('.', import.meta.url));",
].join('\n');

// CommonJS bundles whose sources read import.meta.url get the bundle's own file URL instead.
const cjsBanner = "const __maImportMetaUrl = require('node:url').pathToFileURL(__filename).href;";

/**
 * The service loads some areas on first use with import() (main/service/optional-module.ts); a
 * checkout that lacks one still builds: the import stays a run-time import that fails there
 * with the service's "not available in this build" error, and the build says which.
 */
const missingLazyModules = {
  name: 'missing-lazy-modules',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\//, namespace: 'file' }, async (args) => {
      if (args.kind !== 'dynamic-import' || args.pluginData?.retry) return undefined;
      const result = await build.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: { retry: true },
      });
      if (result.errors.length === 0) return result;
      return {
        path: args.path,
        external: true,
        warnings: [
          {
            text: `${args.path} (imported lazily by ${path.relative(repoRoot, args.importer)}) is missing: left out of the bundle`,
          },
        ],
      };
    });
  },
};

/**
 * TensorFlow.js's packages are CommonJS, several MB each: an ES module `import` of one makes Node
 * scan its source for export names first (about half a second for all of them on a 2-core
 * machine). The CLI bundle loads them with require() instead; they stay external.
 */
const requireTensorflow = {
  name: 'require-tensorflow',
  setup(build) {
    build.onResolve({ filter: /^@tensorflow\// }, (args) =>
      args.namespace === 'require-tensorflow'
        ? { path: args.path, external: true }
        : { path: args.path, namespace: 'require-tensorflow' },
    );
    build.onLoad({ filter: /.*/, namespace: 'require-tensorflow' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

function esbuildOptions(b, outdir, quiet) {
  const inNode = b.platform === 'node';
  // A split bundle's chunks sit next to it: code in them finds the worker bundles and the app's
  // root from its own import.meta.url, as in the other bundles.
  const name = path.basename(b.out, '.js');
  const output = b.split
    ? {
        entryPoints: { [name]: path.join(repoRoot, b.entry) },
        outdir,
        splitting: true,
        chunkNames: `${name}-chunk-[hash]`,
      }
    : { entryPoints: [path.join(repoRoot, b.entry)], outfile: path.join(outdir, b.out) };
  return {
    absWorkingDir: repoRoot,
    ...output,
    bundle: true,
    format: b.format,
    platform: b.platform,
    target: inNode ? 'node20' : 'chrome130',
    external: inNode ? [...externalPackages, ...developmentPackages] : ['electron'],
    banner: inNode ? { js: b.format === 'esm' ? esmBanner : cjsBanner } : undefined,
    define: inNode
      ? b.format === 'cjs'
        ? { 'import.meta.url': '__maImportMetaUrl' }
        : {}
      : { 'process.env.NODE_ENV': '"production"' },
    plugins: b.split ? [requireTensorflow, missingLazyModules] : [missingLazyModules],
    // The preload is parsed on every window load: keep it small.
    minify: !inNode,
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: quiet ? 'error' : 'warning',
  };
}

const packageJson = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));

/**
 * Builds every bundle into `outdir` (default dist/main). Resolves to the files written.
 * Throws with the entries that are missing or fail to bundle.
 */
export async function buildMain({ outdir = path.join(repoRoot, 'dist/main'), quiet = false } = {}) {
  const missing = bundles.filter((b) => !existsSync(path.join(repoRoot, b.entry)));
  if (missing.length > 0) {
    throw new Error(`Cannot build main: missing ${missing.map((b) => b.entry).join(', ')}`);
  }
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const started = Date.now();
  await Promise.all(bundles.map((b) => build(esbuildOptions(b, outdir, quiet))));
  // The .js bundles are ES modules wherever they sit, also in app.asar.unpacked, which has no
  // package.json of its own.
  writeFileSync(path.join(outdir, 'package.json'), `${JSON.stringify({ type: 'module' })}\n`);
  const files = bundles.map((b) => path.join(outdir, b.out));
  if (!quiet) {
    const rel = path.relative(repoRoot, outdir) || '.';
    console.log(
      `Built ${files.length} bundles of ${packageJson.name} into ${rel}/ in ${Date.now() - started} ms`,
    );
  }
  return files;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--outdir');
  const outdir = outIndex >= 0 ? path.resolve(args[outIndex + 1]) : undefined;
  buildMain({ outdir, quiet: args.includes('--quiet') }).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
