#!/usr/bin/env node
// Builds better-sqlite3 for Electron's ABI into build/native/electron/<platform>-<arch>/, next to
// (never instead of) the Node build in node_modules that tests, the CLI and the local host use.
// The Electron shell passes the result to better-sqlite3 as `nativeBinding`
// (see main/electron/native-binding.ts).
//
// Needs internet: first a prebuilt binary from better-sqlite3's GitHub releases (prebuild-install
// --runtime electron), else a compile against Electron's headers (node-gyp, from electronjs.org).
//
// Trap: npm exports its config to scripts as npm_config_* variables, and an ~/.npmrc with
// `nodedir=/usr` makes node-gyp (and @electron/rebuild) silently compile against Node's headers:
// the result loads in Node and crashes Electron. Those variables are scrubbed below, and the
// result is checked: a binary that Node itself can load is refused.
//
// Usage: node main/build/build-native.mjs [--target <electron version>] [--arch x64|arm64] [--force]
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  copyFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { repoRoot } from '../util/repo-root.mjs';

const require = createRequire(import.meta.url);

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

const electronVersion = option('target', require('electron/package.json').version);
const arch = option('arch', process.arch);
const platform = process.platform;
const abi = require('node-abi').getAbi(electronVersion, 'electron');
const outDir = path.join(repoRoot, 'build', 'native', 'electron', `${platform}-${arch}`);
const outFile = path.join(outDir, 'better_sqlite3.node');
const manifestFile = path.join(outDir, 'manifest.json');

function log(line) {
  console.log(`[build-native] ${line}`);
}

/** The environment for the build tools, without anything that points them at Node's headers. */
function cleanEnv() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^npm_config_(nodedir|target|runtime|disturl|arch|build_from_source)$/i.test(key))
      delete env[key];
  }
  return {
    ...env,
    npm_config_runtime: 'electron',
    npm_config_target: electronVersion,
    npm_config_disturl: 'https://electronjs.org/headers',
    npm_config_arch: arch,
  };
}

function run(command, args, cwd) {
  log(`${path.basename(command)} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    cwd,
    env: cleanEnv(),
    stdio: 'inherit',
    timeout: 15 * 60_000,
  });
  return result.status === 0;
}

/** Node must refuse the binary with Electron's ABI number; one Node loads is the wrong build. */
function checkAbi(file) {
  const probe = spawnSync(
    process.execPath,
    [
      '-e',
      'try { process.dlopen({ exports: {} }, process.argv[1]); console.log("LOADED") } catch (e) { console.log(e.message) }',
      file,
    ],
    { encoding: 'utf8' },
  );
  const output = `${probe.stdout}${probe.stderr}`;
  if (output.includes('LOADED')) {
    return {
      ok: false,
      why: `it loads in Node ${process.version}: it was built for Node, not Electron`,
    };
  }
  if (output.includes(`NODE_MODULE_VERSION ${abi}.`)) return { ok: true, why: `ABI ${abi}` };
  return {
    ok: true,
    why: `not loadable by Node (${output.trim().split('\n')[0]}); ABI not confirmed`,
  };
}

function main() {
  if (existsSync(outFile) && !process.argv.includes('--force')) {
    log(`${path.relative(repoRoot, outFile)} exists (use --force to rebuild)`);
    return 0;
  }
  const source = path.dirname(require.resolve('better-sqlite3/package.json'));
  const work = path.join(repoRoot, 'build', 'native', '.work', 'better-sqlite3');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(path.dirname(work), { recursive: true });
  // A private copy: building in node_modules would replace the Node build the tests need.
  cpSync(source, work, {
    recursive: true,
    filter: (file) => !file.startsWith(path.join(source, 'build')),
  });

  log(`better-sqlite3 for Electron ${electronVersion} (ABI ${abi}), ${platform}-${arch}`);
  const prebuild = path.join(
    path.dirname(require.resolve('prebuild-install/package.json')),
    'bin.js',
  );
  let method = 'prebuild-install';
  let built = run(
    process.execPath,
    [
      prebuild,
      '--runtime',
      'electron',
      '--target',
      electronVersion,
      '--arch',
      arch,
      '--platform',
      platform,
      '--verbose',
    ],
    work,
  );
  if (!built) {
    method = 'node-gyp';
    const nodeGyp = path.join(
      path.dirname(require.resolve('node-gyp/package.json')),
      'bin',
      'node-gyp.js',
    );
    built = run(
      process.execPath,
      [
        nodeGyp,
        'rebuild',
        '--release',
        '--runtime=electron',
        `--target=${electronVersion}`,
        `--arch=${arch}`,
        '--dist-url=https://electronjs.org/headers',
      ],
      work,
    );
  }
  const result = path.join(work, 'build', 'Release', 'better_sqlite3.node');
  if (!built || !existsSync(result)) {
    rmSync(path.join(repoRoot, 'build', 'native', '.work'), { recursive: true, force: true });
    console.error(
      `[build-native] Could not build better-sqlite3 for Electron ${electronVersion}: both a prebuilt binary ` +
        "(GitHub) and a compile against Electron's headers (electronjs.org) need internet access.",
    );
    return 1;
  }
  const abiCheck = checkAbi(result);
  if (!abiCheck.ok) {
    rmSync(path.join(repoRoot, 'build', 'native', '.work'), { recursive: true, force: true });
    console.error(`[build-native] Refusing ${result}: ${abiCheck.why}.`);
    return 1;
  }
  mkdirSync(outDir, { recursive: true });
  copyFileSync(result, outFile);
  writeFileSync(
    manifestFile,
    `${JSON.stringify({ module: 'better-sqlite3', version: JSON.parse(readFileSync(path.join(source, 'package.json'), 'utf8')).version, electron: electronVersion, abi, platform, arch, method, check: abiCheck.why, builtAt: new Date().toISOString() }, null, 2)}\n`,
  );
  rmSync(path.join(repoRoot, 'build', 'native', '.work'), { recursive: true, force: true });
  log(`wrote ${path.relative(repoRoot, outFile)} (${method}; ${abiCheck.why})`);
  return 0;
}

process.exitCode = main();
