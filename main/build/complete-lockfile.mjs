#!/usr/bin/env node
// `npm ci` refuses a lockfile that lacks an entry for any optional dependency, including the
// platform builds of other systems (rollup's @rollup/rollup-<os>-<cpu>). The npm registry
// reachable from the development machine answers 404 for those, so `npm install` there silently
// leaves them out and the lockfile stops working for `npm ci` (CI) everywhere. This adds the
// missing @rollup/* entries back (version, os, cpu, libc: enough for npm to skip them on other
// platforms). Run it after `npm install` if `npm ci` reports "Missing: ... from lock file".
//
// Usage: node main/build/complete-lockfile.mjs [package-lock.json]
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2] ?? 'package-lock.json';
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;
let added = 0;
for (const [key, entry] of Object.entries(packages)) {
  if (!key.endsWith('node_modules/rollup')) continue;
  const base = key.slice(0, -'rollup'.length);
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    if (!name.startsWith('@rollup/rollup-') || packages[`${base}${name}`]) continue;
    const [os, cpu, abi] = name.slice('@rollup/rollup-'.length).split('-');
    packages[`${base}${name}`] = {
      version,
      cpu: [cpu],
      dev: entry.dev,
      ...(os === 'linux' ? { libc: [abi?.startsWith('musl') ? 'musl' : 'glibc'] } : {}),
      license: 'MIT',
      optional: true,
      os: [os],
    };
    added += 1;
  }
}
const sorted = {};
for (const key of Object.keys(packages).sort((a, b) =>
  a === '' ? -1 : b === '' ? 1 : a.localeCompare(b, 'en'),
)) {
  sorted[key] = packages[key];
}
lock.packages = sorted;
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`${file}: added ${added} missing optional entries`);
