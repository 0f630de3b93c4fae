import { createRequire } from 'node:module';
import path from 'node:path';
import { BackendName } from '../../../shared/domain';
import { startWebGpu } from './webgpu-backend';

/**
 * Picks the fastest TensorFlow.js backend that loads, in order: native CUDA, native CPU, WebGPU
 * (webgpu-backend.ts), wasm, plain JS cpu. A forced choice (`--backend NAME` or MOVIE_ASSISTANT_BACKEND) wins and fails
 * loudly when it cannot load. Every attempt is recorded for EngineStatus.backendsTried.
 * TensorFlow.js itself is loaded by the first initBackend(), not by importing this module, so
 * code that never starts a backend (a typed-array model's lists) never loads it.
 */
export interface BackendAttempt {
  name: BackendName;
  ok: boolean;
  error?: string;
}

export interface BackendChoice {
  backend: BackendName;
  tried: BackendAttempt[];
}

export const backendOrder: readonly BackendName[] = [
  'tensorflow-gpu',
  'tensorflow',
  'webgpu',
  'wasm',
  'cpu',
];

type Tensorflow = typeof import('./tf');

const require = createRequire(import.meta.url);
let chosen: BackendChoice | null = null;
let pending: Promise<BackendChoice> | null = null;
let tensorflow: Tensorflow | null = null;

/** The folder holding the wasm binaries: the installed package's dist, unpacked from an asar. */
export function wasmDir(): string {
  const override = process.env.MOVIE_ASSISTANT_WASM_DIR;
  if (override) return override;
  const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
  return dist.replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`);
}

function errorText(e: unknown): string {
  const err = e as { code?: string; message?: string };
  if (err?.code === 'MODULE_NOT_FOUND') return 'not installed';
  return (err?.message ?? String(e)).split('\n')[0].slice(0, 300);
}

async function tryNative(tf: Tensorflow, pkg: string): Promise<void> {
  // Native packages register the 'tensorflow' backend on import; absent ones throw MODULE_NOT_FOUND.
  require(pkg);
  if (!(await tf.setBackend('tensorflow')))
    throw new Error(`${pkg} loaded but its backend did not start`);
  if (pkg.endsWith('-gpu')) {
    const devices = (tf.backend() as unknown as { isUsingGpuDevice?: boolean }).isUsingGpuDevice;
    if (devices === false) throw new Error('no CUDA device');
  }
}

async function tryOne(tf: Tensorflow, name: BackendName): Promise<void> {
  switch (name) {
    case 'tensorflow-gpu':
      return tryNative(tf, '@tensorflow/tfjs-node-gpu');
    case 'tensorflow':
      return tryNative(tf, '@tensorflow/tfjs-node');
    case 'webgpu':
      return startWebGpu(tf);
    case 'wasm': {
      const wasm =
        require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
      wasm.setWasmPaths(wasmDir() + path.sep);
      if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend did not start');
      return;
    }
    case 'cpu':
      if (!(await tf.setBackend('cpu'))) throw new Error('cpu backend did not start');
  }
}

/** `--backend NAME` from argv, else MOVIE_ASSISTANT_BACKEND, else undefined. */
export function forcedBackend(argv: readonly string[] = process.argv): BackendName | undefined {
  const i = argv.indexOf('--backend');
  const raw =
    (i >= 0 ? argv[i + 1] : undefined) ?? argv.find((a) => a.startsWith('--backend='))?.slice(10);
  const value = raw ?? process.env.MOVIE_ASSISTANT_BACKEND;
  if (!value) return undefined;
  const parsed = BackendName.safeParse(
    value === 'node' ? 'tensorflow' : value === 'gpu' ? 'tensorflow-gpu' : value,
  );
  if (!parsed.success)
    throw new Error(`unknown backend "${value}"; use one of ${backendOrder.join(', ')}`);
  return parsed.data;
}

async function choose(force: BackendName | undefined): Promise<BackendChoice> {
  const [{ tensorflow: tf }, { registerFastSegmentSum }] = await Promise.all([
    import('./tf-namespace'),
    import('../numeric/segment-sum'),
  ]);
  require('@tensorflow/tfjs-backend-cpu');
  tensorflow = tf;
  const tried: BackendAttempt[] = [];
  for (const name of force ? [force] : backendOrder) {
    try {
      await tryOne(tf, name);
      await tf.ready();
      tried.push({ name, ok: true });
      registerFastSegmentSum();
      return { backend: name, tried };
    } catch (e) {
      tried.push({ name, ok: false, error: errorText(e) });
    }
  }
  const detail = tried.map((t) => `${t.name}: ${t.error}`).join('; ');
  throw new Error(
    force ? `backend "${force}" could not start (${detail})` : `no backend could start (${detail})`,
  );
}

/**
 * Starts the backend once per thread (later calls return the same choice). `force` overrides the
 * command line and environment.
 */
export function initBackend(force?: BackendName): Promise<BackendChoice> {
  if (chosen) return Promise.resolve(chosen);
  pending ??= choose(force ?? forcedBackend()).then((c) => (chosen = c));
  return pending;
}

export function currentBackend(): BackendChoice | null {
  return chosen;
}

/** TensorFlow.js once initBackend() has loaded it (for code that uses it only with a backend). */
export function loadedTensorflow(): Tensorflow | null {
  return tensorflow;
}
