/**
 * The default against itself without its sequence network (w = 0) on protocol C repeated over
 * userId residues (main/eval/paired-protocol-c.ts): the ablation of docs/MODELS.md on ten times
 * the 61 people of protocol C, paired person by person, new people fine-tuned as in the app.
 * Each run records its residues and every person's difference in results/paired-network.json;
 * runs of the same commit and model version over different residues are combined, so the ten
 * residues can run in two processes at once.
 *
 *   npm run bench -- paired-network [--dataset ml-latest-small] [--residues 0,1,2,3,4]
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { recencyHybrid } from '../../main/engine/models/recency-hybrid';
import { settingsHash } from '../../main/engine/models/settings-hash';
import { evaluatedModel } from '../../main/eval/model-registry';
import {
  pairedDifference,
  pairedProtocolC,
  type PairedDifference,
} from '../../main/eval/paired-protocol-c';
import { loadDatasetThroughCatalogue } from '../../main/eval/run-evaluation';
import { sharedDir } from '../helpers/repo-paths';
import { benchDir, writeResult } from './bench-helpers';
import { currentCommit, machineDescription } from './result-provenance';

interface PairedNetworkRun {
  dataset: string;
  residues: number[];
  commit: string;
  modelVersion: string;
  date: string;
  machine: string;
  seconds: number;
  paired: PairedDifference[];
}

const resultName = 'paired-network';

function earlierRuns(): PairedNetworkRun[] {
  const file = path.join(benchDir, 'results', `${resultName}.json`);
  return existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as { runs: PairedNetworkRun[] }).runs
    : [];
}

const line = (label: string, p: PairedDifference) =>
  `${label}: ${p.metric} ${p.mean.toFixed(4)} ± ${p.standardError.toFixed(4)} (standard error, ${p.users} people)`;

export default async function run(args: string[]): Promise<number> {
  const arg = (name: string, fallback: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const name = arg('dataset', 'ml-latest-small');
  const residues = arg('residues', '0,1,2,3,4,5,6,7,8,9').split(',').map(Number);
  if (residues.some((r) => !Number.isInteger(r) || r < 0 || r > 9))
    throw new Error(`--residues takes digits 0 to 9, got ${residues.join(',')}`);
  const dataset = await loadDatasetThroughCatalogue(path.join(sharedDir, 'datasets', name));
  const started = performance.now();
  const paired = await pairedProtocolC(
    evaluatedModel('recency-hybrid', dataset),
    evaluatedModel('recency-hybrid', dataset, (_, defaults) => ({
      ...defaults,
      sequenceWeight: 0,
    })),
    dataset,
    residues,
  );
  const record: PairedNetworkRun = {
    dataset: name,
    residues,
    commit: currentCommit(),
    modelVersion: settingsHash(recencyHybrid.defaults),
    date: new Date().toISOString(),
    machine: machineDescription(null),
    seconds: Math.round((performance.now() - started) / 1000),
    paired,
  };
  for (const p of paired) console.log(line(`residues ${residues.join(',')}, with − without`, p));
  // a later run over the same residues replaces the earlier one
  const runs = [
    ...earlierRuns().filter(
      (r) =>
        !(
          r.dataset === name &&
          r.modelVersion === record.modelVersion &&
          r.residues.some((x) => residues.includes(x))
        ),
    ),
    record,
  ];
  const together = runs.filter((r) => r.dataset === name && r.modelVersion === record.modelVersion);
  const covered = together.flatMap((r) => r.residues).sort((a, b) => a - b);
  if (together.length > 1)
    for (const metric of paired.map((p) => p.metric)) {
      const all = together.flatMap(
        (r) => r.paired.find((p) => p.metric === metric)?.differences ?? [],
      );
      console.log(line(`residues ${covered.join(',')} together`, pairedDifference(metric, all)));
    }
  writeResult(resultName, { runs });
  return 0;
}
