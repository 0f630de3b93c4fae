import { openCatalogue } from '../../main/catalogue/db';
import { loadEngineDataset } from '../../main/catalogue/training-data';
import { writeDefaultChoice } from '../../main/engine/runtime/model-store';
import { pretrain } from '../../main/engine/runtime/pretrain';

/**
 * The scale benchmark's pretraining, in a process of its own so that its peak memory is the
 * pretraining's: reads the catalogue's dataset as the app does, pretrains the default model
 * into the models folder (resuming a checkpoint left there), prints progress lines and, last,
 * one JSON line with the figures.
 *
 *   node --import tsx test/bench/scale-pretrain.ts CATALOGUE.db MODELS_DIR [--stop-after-seconds S]
 */
const [dbFile, modelsDir] = process.argv.slice(2);
const stopAt = process.argv.indexOf('--stop-after-seconds');
const model = 'recency-hybrid';

const started = performance.now();
const db = openCatalogue(dbFile);
const dataset = loadEngineDataset(db);
db.close();
const loadSeconds = (performance.now() - started) / 1000;
console.log(
  `dataset: ${dataset.ratings.rating.length.toLocaleString('en')} ratings, ${dataset.nUsers.toLocaleString('en')} users, ${dataset.nItems.toLocaleString('en')} movies read in ${loadSeconds.toFixed(1)} s`,
);
const controller = new AbortController();
if (stopAt >= 0) setTimeout(() => controller.abort(), Number(process.argv[stopAt + 1]) * 1000);
const result = await pretrain({
  dataset,
  model,
  modelsDir,
  signal: controller.signal,
  onProgress: (p) =>
    console.log(
      `  ${p.stage ?? `epoch ${p.epoch}`} (${p.epoch}/${p.totalEpochs}), ` +
        `${Math.round(100 * (p.fraction ?? p.epoch / p.totalEpochs))}% after ${p.elapsedSeconds.toFixed(0)} s, ` +
        `ETA ${p.etaSeconds === null ? '?' : `${p.etaSeconds.toFixed(0)} s`}, RSS ${Math.round(process.memoryUsage().rss / 1048576)} MB`,
    ),
});
await writeDefaultChoice(modelsDir, model, 'trained by the scale benchmark');
console.log(
  JSON.stringify({
    loadSeconds,
    pretrainSeconds: result.manifest.trainSeconds,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    version: result.manifest.version,
    settings: result.manifest.settings,
  }),
);
