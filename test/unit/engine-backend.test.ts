import * as tf from '../../main/engine/runtime/tf';
import {
  backendOrder,
  forcedBackend,
  initBackend,
  wasmDir,
} from '../../main/engine/runtime/backend';
import { existsSync } from 'node:fs';
import path from 'node:path';

describe('backend choice', () => {
  test('tries the native backends first and records why each failed, then starts one', async () => {
    const choice = await initBackend();
    expect(backendOrder).toEqual(['tensorflow-gpu', 'tensorflow', 'webgpu', 'wasm', 'cpu']);
    const ok = choice.tried.filter((t) => t.ok);
    expect(ok).toHaveLength(1);
    expect(ok[0].name).toBe(choice.backend);
    expect(choice.tried[choice.tried.length - 1].ok).toBe(true);
    for (const failed of choice.tried.filter((t) => !t.ok)) expect(failed.error).toBeTruthy();
    // the order is respected: everything before the chosen one failed
    expect(choice.tried.map((t) => t.name)).toEqual(backendOrder.slice(0, choice.tried.length));
    expect(tf.getBackend()).toBe(
      choice.backend === 'tensorflow-gpu' ? 'tensorflow' : choice.backend,
    );
    // a second call returns the same choice
    expect(await initBackend()).toBe(choice);
  });

  test('WebGPU is tried after the native backends, and without a GPU adapter it says so', async () => {
    const choice = await initBackend();
    const webgpu = choice.tried.find((t) => t.name === 'webgpu');
    if (!webgpu) {
      // A native backend started first.
      expect(['tensorflow-gpu', 'tensorflow']).toContain(choice.backend);
      return;
    }
    if (webgpu.ok) expect(tf.getBackend()).toBe('webgpu');
    else expect(webgpu.error).toMatch(/no Vulkan loader|no WebGPU adapter|not installed/);
  });

  test('wasm binaries are found in the installed package (works offline)', () => {
    expect(existsSync(path.join(wasmDir(), 'tfjs-backend-wasm-simd.wasm'))).toBe(true);
  });

  test('a forced backend comes from --backend or MOVIE_ASSISTANT_BACKEND; unknown names fail', () => {
    expect(forcedBackend(['node', 'x', '--backend', 'cpu'])).toBe('cpu');
    expect(forcedBackend(['--backend=wasm'])).toBe('wasm');
    const saved = process.env.MOVIE_ASSISTANT_BACKEND;
    process.env.MOVIE_ASSISTANT_BACKEND = 'tensorflow';
    try {
      expect(forcedBackend([])).toBe('tensorflow');
      expect(forcedBackend(['--backend', 'cpu'])).toBe('cpu');
    } finally {
      if (saved === undefined) delete process.env.MOVIE_ASSISTANT_BACKEND;
      else process.env.MOVIE_ASSISTANT_BACKEND = saved;
    }
    expect(() => forcedBackend(['--backend', 'quantum'])).toThrow(/unknown backend/);
  });
});
