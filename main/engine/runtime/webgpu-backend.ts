import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

interface Dawn {
  create(flags: string[]): { requestAdapter(): Promise<object | null> };
  globals: Record<string, unknown>;
}

/**
 * Starts tfjs's WebGPU backend through the optional `webgpu` package (Dawn's Node binding, its
 * binaries prebuilt in the package), which stands in for a browser's navigator.gpu: the backend
 * package looks for it when it is imported. Without a GPU adapter (no driver, no Vulkan) it
 * throws before touching globalThis.
 */
export async function startWebGpu(tf: {
  setBackend(name: string): Promise<boolean>;
}): Promise<void> {
  if (!hasVulkanLoader()) throw new Error('no Vulkan loader (libvulkan.so.1)');
  const dawn = require('webgpu') as Dawn;
  const gpu = dawn.create([]);
  if (!(await gpu.requestAdapter())) throw new Error('no WebGPU adapter');
  Object.assign(globalThis, dawn.globals);
  const scope = globalThis as { navigator?: object };
  scope.navigator ??= {};
  Object.defineProperty(scope.navigator, 'gpu', { value: gpu, configurable: true });
  require('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend('webgpu'))) throw new Error('webgpu backend did not start');
}

/**
 * Dawn on Linux reaches the GPU through the Vulkan loader; where there is none, asking for an
 * adapter finds nothing and prints a warning on stderr from native code at every start, so it is
 * not asked. The loader is found as the dynamic linker finds it: LD_LIBRARY_PATH, then its cache.
 */
function hasVulkanLoader(): boolean {
  if (process.platform !== 'linux') return true;
  const lib = 'libvulkan.so.1';
  const dirs = (process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean);
  if (dirs.some((dir) => existsSync(path.join(dir, lib)))) return true;
  try {
    return readFileSync('/etc/ld.so.cache').includes(lib);
  } catch {
    return true;
  }
}
