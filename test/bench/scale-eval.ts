import { runEvaluation } from '../../main/eval/run-evaluation';

/**
 * The scale benchmark's protocol C, in a process of its own: the `eval --protocol C` path (the
 * release imported into a temporary catalogue, the model trained without the new people, every
 * `stride`-th new person folded in, fine-tuned and scored) for one model; prints its rows and
 * wall time as one JSON line.
 *
 *   node --import tsx test/bench/scale-eval.ts RELEASE_DIR MODEL STRIDE
 */
const [release, model, stride] = process.argv.slice(2);
const started = performance.now();
const rows = await runEvaluation({
  datasetPath: release,
  protocols: ['C'],
  models: [model],
  userStride: Number(stride),
  defaultModel: 'recency-hybrid',
});
console.log(
  JSON.stringify({
    rows,
    wallSeconds: (performance.now() - started) / 1000,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
