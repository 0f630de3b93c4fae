import type { TrainProgress } from '../models/model-definition';

/**
 * Progress of a training run made of stages of very different lengths: each stage has an
 * estimated cost (seconds on a reference machine), and `fraction` of TrainProgress is the share
 * of the total cost done, so an ETA can be read from the rate so far. Stages a resumed run skips
 * count as done. Within a stage, reports are sent at most every `intervalMs`.
 */
export interface StageCost {
  name: string;
  cost: number;
}

export class StageProgress {
  private readonly total: number;
  private done = 0;
  private last = 0;

  constructor(
    private readonly stages: StageCost[],
    private readonly onProgress: ((p: TrainProgress) => void) | undefined,
    private readonly intervalMs = 5000,
  ) {
    this.total = stages.reduce((s, x) => s + x.cost, 0) || 1;
  }

  private index(name: string): number {
    const at = this.stages.findIndex((s) => s.name === name);
    if (at < 0) throw new Error(`unknown training stage ${name}`);
    return at;
  }

  /**
   * The run starts, these stages already done (restored from a checkpoint): a first report of
   * the share of the work left from before, so that an ETA measures only this run's speed.
   */
  begin(restored: string[]): void {
    const before = restored.reduce((sum, name) => sum + this.stages[this.index(name)].cost, 0);
    this.onProgress?.({
      epoch: 0,
      totalEpochs: this.stages.length,
      loss: 0,
      stage: 'start',
      fraction: Math.min(1, before / this.total),
    });
  }

  /** Part of stage `name` done (0..1). */
  partly(name: string, part: number, loss = 0): void {
    const now = performance.now();
    if (now - this.last < this.intervalMs) return;
    this.last = now;
    this.send(name, this.done + part * this.stages[this.index(name)].cost, loss);
  }

  /** Stage `name` finished (or was restored from a checkpoint). */
  finish(name: string, loss = 0): void {
    this.done += this.stages[this.index(name)].cost;
    this.last = performance.now();
    this.send(name, this.done, loss);
  }

  private send(name: string, doneCost: number, loss: number): void {
    this.onProgress?.({
      epoch: this.index(name) + 1,
      totalEpochs: this.stages.length,
      loss,
      stage: name,
      fraction: Math.min(1, doneCost / this.total),
    });
  }
}
