import path from 'node:path';
import type { EvaluationRow } from '../../shared/domain';
import { recencyHybridDefaults } from '../../main/engine/models/recency-hybrid';
import { runEvaluation, type ProtocolName } from '../../main/eval/run-evaluation';
import { datasetsDir } from '../helpers/repo-paths';
import { writeResult } from './bench-helpers';
import { currentCommit, machineDescription, modelVersionOf } from './result-provenance';

/**
 * Fans' favourites' ablation (main/engine/models/fans-favourites.ts): the default without its
 * network (sequenceWeight 0, minutes instead of an hour; the quality bench measures it with the
 * network) trained with and without the term, each choosing its own settings on its validation
 * split, on the test people of protocols B, C and F5 of both releases. Writes results/fans.json.
 *
 *   npm run bench -- fans [--datasets ml-latest-small,ml-100k]
 */
const protocols: ProtocolName[] = ['B', 'C', 'F5'];
const shown = new Set([
  'NDCG@10',
  'HR@10',
  'HR@10-sampled100',
  'NDCG@20',
  'Recall@20',
  'ndcg@20',
  'recall@20',
]);

export default async function run(args: string[]): Promise<void> {
  const at = args.indexOf('--datasets');
  const datasets = at >= 0 ? args[at + 1].split(',') : ['ml-latest-small', 'ml-100k'];
  const variants = [
    {
      name: 'without fans',
      settings: { ...recencyHybridDefaults, sequenceWeight: 0, fansFavourites: false },
    },
    {
      name: 'with fans',
      settings: { ...recencyHybridDefaults, sequenceWeight: 0, fansFavourites: true },
    },
  ];
  const started = Date.now();
  const rows: (EvaluationRow & { variant: string; modelVersion: string })[] = [];
  for (const dataset of datasets) {
    for (const variant of variants) {
      const got = await runEvaluation({
        datasetPath: path.join(datasetsDir, dataset),
        models: ['recency-hybrid'],
        protocols,
        engineSettings: () => variant.settings,
      });
      for (const row of got) {
        if (!shown.has(row.metric)) continue;
        rows.push({
          ...row,
          variant: variant.name,
          modelVersion: modelVersionOf(variant.settings),
        });
        console.log(
          `${dataset.padEnd(16)} ${variant.name.padEnd(13)} ${row.protocol.padEnd(3)} ${row.metric.padEnd(10)} ${row.value.toFixed(4)}`,
        );
      }
    }
  }
  const file = writeResult('fans', {
    benchmark: 'fans',
    commit: currentCommit(),
    date: new Date().toISOString(),
    machine: machineDescription('wasm'),
    seconds: (Date.now() - started) / 1000,
    rows,
  });
  console.log(`results: ${file}`);
}
