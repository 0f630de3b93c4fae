import { open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { loadArrays, saveArrays, type StoredArray } from './array-files';
import { writeDirAtomic, writeFileAtomic } from './atomic';

/**
 * A training run's checkpoint folder: the results of finished stages (typed arrays plus a little
 * JSON each), so that a run stopped by a crash, a quit or a cancel resumes after its last saved
 * stage. The folder belongs to one `key` (data fingerprint, settings, seed, format): opened with
 * another key it is emptied first. Every stage is written atomically.
 */
interface CheckpointIndex {
  key: string;
  stages: Record<string, unknown>;
}

const safeStage = /^[a-z0-9][a-z0-9.-]*$/;

export class Checkpoint {
  private constructor(
    readonly dir: string,
    private readonly index: CheckpointIndex,
  ) {}

  static async open(dir: string, key: string): Promise<Checkpoint> {
    let index: CheckpointIndex | null = null;
    try {
      index = JSON.parse(
        await readFile(path.join(dir, 'checkpoint.json'), 'utf8'),
      ) as CheckpointIndex;
    } catch {
      // none yet, or unreadable: start afresh
    }
    if (!index || index.key !== key || typeof index.stages !== 'object') {
      await rm(dir, { recursive: true, force: true });
      index = { key, stages: {} };
      await writeFileAtomic(path.join(dir, 'checkpoint.json'), JSON.stringify(index) + '\n');
    }
    return new Checkpoint(dir, index);
  }

  has(stage: string): boolean {
    return stage in this.index.stages;
  }

  /** The JSON saved with a stage. */
  meta<T>(stage: string): T {
    if (!this.has(stage)) throw new Error(`checkpoint has no stage ${stage}`);
    return this.index.stages[stage] as T;
  }

  async save(
    stage: string,
    arrays: Record<string, StoredArray>,
    meta: unknown = {},
  ): Promise<void> {
    if (!safeStage.test(stage)) throw new Error(`bad checkpoint stage name: ${stage}`);
    await writeDirAtomic(path.join(this.dir, stage), (tmp) => saveArrays(tmp, arrays));
    this.index.stages[stage] = meta;
    await this.writeIndex();
  }

  async load(stage: string): Promise<Record<string, StoredArray>> {
    return loadArrays(path.join(this.dir, stage));
  }

  /** Reads one saved array straight into `target` (no second copy of a large matrix). */
  async loadInto(stage: string, name: string, target: StoredArray): Promise<void> {
    const kind =
      target instanceof Float64Array ? 'f64' : target instanceof Int32Array ? 'i32' : 'f32';
    const file = await open(path.join(this.dir, stage, `${name}.${kind}`), 'r');
    try {
      const bytes = Buffer.from(target.buffer, target.byteOffset, target.byteLength);
      let done = 0;
      while (done < bytes.length) {
        const { bytesRead } = await file.read(bytes, done, bytes.length - done, done);
        if (bytesRead === 0)
          throw new Error(`checkpoint ${stage}/${name} is shorter than expected`);
        done += bytesRead;
      }
    } finally {
      await file.close();
    }
  }

  async drop(stage: string): Promise<void> {
    if (!this.has(stage)) return;
    delete this.index.stages[stage];
    await this.writeIndex();
    await rm(path.join(this.dir, stage), { recursive: true, force: true });
  }

  private async writeIndex(): Promise<void> {
    await writeFileAtomic(
      path.join(this.dir, 'checkpoint.json'),
      JSON.stringify(this.index) + '\n',
    );
  }
}

/** Removes a checkpoint folder (after the model it was for has been saved). */
export async function removeCheckpoint(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
