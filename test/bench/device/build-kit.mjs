#!/usr/bin/env node
// `npm run device-kit`: packs `npm run bench -- gpu` for a GPU machine that has no Node, no
// registry and no copy of ../shared (the `device` tool's machines), into .device-kit/ (ignored):
//   gpu-bench.mjs    the benchmark bundled with esbuild (TensorFlow.js and webgpu stay packages)
//   modules.tar.xz   the packages it loads: TensorFlow.js's Node builds, the wasm binaries, and
//                    `webgpu` with Dawn's linux-x64 binary only
//   node.tar.xz      this Node binary (the official build links only libc, libstdc++ and libm)
//   *.deb            Debian's Vulkan loader, which Dawn needs and a bare machine may lack, and
//                    glvnd's libraries, which NVIDIA's Vulkan driver loads
//   shared/          ml-latest-small's files, read through MOVIE_ASSISTANT_SHARED
//   commit           the commit the kit was built from (the machine's copy has no .git)
//   run.sh           unpacks all that under /tmp and runs the benchmark on the first backend that
//                    starts, then on wasm for the same machine's CPU, writing both JSON files to $OUT
// On the machine: device run with carry [".device-kit"] and command `bash .device-kit/run.sh`.
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { repoRoot } from '../../../main/util/repo-root.mjs';

const kit = path.join(repoRoot, '.device-kit');
const modules = path.join(repoRoot, 'node_modules');
const shared = path.resolve(process.env.MOVIE_ASSISTANT_SHARED ?? path.join(repoRoot, '../shared'));

/** TensorFlow.js packages the benchmark loads: each one's Node build is all it needs. */
const tensorflowPackages = [
  'tfjs',
  'tfjs-core',
  'tfjs-layers',
  'tfjs-converter',
  'tfjs-data',
  'tfjs-backend-cpu',
  'tfjs-backend-webgl',
  'tfjs-backend-wasm',
  'tfjs-backend-webgpu',
].map((name) => `@tensorflow/${name}`);
/** Their small dependencies, copied whole. */
const smallPackages = [
  'long',
  'seedrandom',
  'node-fetch',
  'whatwg-url',
  'tr46',
  'webidl-conversions',
];

const run = (cmd, args, options = {}) =>
  execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', ...options });

function copyPackages(into) {
  for (const name of tensorflowPackages) {
    const from = path.join(modules, name);
    const main = JSON.parse(readFileSync(path.join(from, 'package.json'), 'utf8')).main;
    mkdirSync(path.join(into, name, path.dirname(main)), { recursive: true });
    copyFileSync(path.join(from, 'package.json'), path.join(into, name, 'package.json'));
    copyFileSync(path.join(from, main), path.join(into, name, main));
  }
  const wasm = path.join(modules, '@tensorflow/tfjs-backend-wasm/dist');
  for (const file of readdirSync(wasm).filter((f) => f.endsWith('.wasm')))
    copyFileSync(
      path.join(wasm, file),
      path.join(into, '@tensorflow/tfjs-backend-wasm/dist', file),
    );
  for (const name of smallPackages)
    cpSync(path.join(modules, name), path.join(into, name), { recursive: true });
  const webgpu = path.join(into, 'webgpu');
  mkdirSync(path.join(webgpu, 'dist'), { recursive: true });
  for (const file of ['package.json', 'index.js'])
    copyFileSync(path.join(modules, 'webgpu', file), path.join(webgpu, file));
  cpSync(path.join(modules, 'webgpu/dist/linux-x64'), path.join(webgpu, 'dist/linux-x64'), {
    recursive: true,
  });
}

const runScript = `#!/usr/bin/env bash
# Made by test/bench/device/build-kit.mjs: the gpu benchmark on a machine without Node.
set -euo pipefail
kit=$(cd "$(dirname "$0")" && pwd)
out=\${OUT:-/tmp/ma-kit-out}
work=/tmp/ma-kit
mkdir -p "$work/root" "$out"
tar -xJf "$kit/node.tar.xz" -C "$work"
tar -xJf "$kit/modules.tar.xz" -C "$kit"
for deb in "$kit"/*.deb; do dpkg -x "$deb" "$work/root"; done
drivers=/usr/local/nvidia/lib64
export LD_LIBRARY_PATH="$work/root/usr/lib/x86_64-linux-gnu\${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
if [ -d "$drivers" ]; then export LD_LIBRARY_PATH="$LD_LIBRARY_PATH:$drivers"; fi
for icd in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json; do
  if [ -f "$icd" ]; then export VK_DRIVER_FILES="$icd"; break; fi
done
export MOVIE_ASSISTANT_SHARED="$kit/shared" MOVIE_ASSISTANT_COMMIT="$(cat "$kit/commit")"
{ nvidia-smi -L || true; echo "VK_DRIVER_FILES=\${VK_DRIVER_FILES:-none}"; } | tee "$out/machine.txt"
# A backend that crashes the process must not cost the wasm run on the same machine.
"$work/node" "$kit/gpu-bench.mjs" --epochs "\${EPOCHS:-3}" 2>&1 | tee "$out/gpu.log" || echo "gpu run exited with $?"
cp "$kit/results/gpu.json" "$out/gpu.json" || true
"$work/node" "$kit/gpu-bench.mjs" --epochs "\${EPOCHS:-3}" --backend wasm 2>&1 | tee "$out/gpu-wasm.log"
cp "$kit/results/gpu.json" "$out/gpu-wasm.json"
`;

/** The kit carries this Node binary: one that needs libraries a bare machine lacks would not start. */
function checkPortableNode() {
  const system =
    /^(linux-vdso|libc|libm|libdl|libpthread|librt|libstdc\+\+|libgcc_s|ld-linux-x86-64)[.]/;
  const needs = run('ldd', [process.execPath])
    .split('\n')
    .map((line) => line.trim().split(/\s/)[0])
    .filter((lib) => lib && !system.test(path.basename(lib)));
  if (needs.length > 0)
    throw new Error(
      `${process.execPath} needs ${needs.join(', ')}: build the kit with the official Node binary`,
    );
}

function commitOf() {
  const head = run('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot }).trim();
  const dirty = run('git', ['status', '--porcelain'], { cwd: repoRoot }).trim();
  return dirty ? `${head}+dirty` : head;
}

checkPortableNode();
rmSync(kit, { recursive: true, force: true });
mkdirSync(kit, { recursive: true });
await build({
  entryPoints: [path.join(repoRoot, 'test/bench/device/gpu-entry.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: path.join(kit, 'gpu-bench.mjs'),
  external: ['@tensorflow/*', 'webgpu', 'electron', 'better-sqlite3'],
  banner: {
    js: "import { createRequire as __kitRequire } from 'node:module';\nconst require = __kitRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
const staging = path.join(kit, 'staging');
copyPackages(path.join(staging, 'node_modules'));
run('tar', ['-cJf', path.join(kit, 'modules.tar.xz'), '-C', staging, 'node_modules']);
rmSync(staging, { recursive: true, force: true });
run('tar', ['-cJf', path.join(kit, 'node.tar.xz'), '-C', path.dirname(process.execPath), 'node']);
run(
  'apt-get',
  ['download', 'libvulkan1', 'libglvnd0', 'libglx0', 'libegl1', 'libgl1', 'libopengl0'],
  {
    cwd: kit,
  },
);
cpSync(
  path.join(shared, 'datasets/ml-latest-small'),
  path.join(kit, 'shared/datasets/ml-latest-small'),
  { recursive: true },
);
writeFileSync(path.join(kit, 'commit'), `${commitOf()}\n`);
writeFileSync(path.join(kit, 'run.sh'), runScript, { mode: 0o755 });
const size = run('du', ['-sh', kit]).split('\t')[0];
console.log(`device kit in ${path.relative(repoRoot, kit)}/ (${size}), built from ${commitOf()}`);
console.log('run it: device run, carry [".device-kit"], command "bash .device-kit/run.sh"');
