/**
 * Prints the figures in test/bench/results/models-<name>.json (written by seed-models.ts) as one
 * markdown table per dataset and protocol, for docs/MODELS.md.
 *
 *   npx tsx test/bench/seed-models-table.ts [ncf feature-cnn itemcf-seq]
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface Row {
  model: string;
  dataset: string;
  protocol: string;
  metric: string;
  value: number;
  seconds: number;
}
interface Run {
  label: string;
  dataset: string;
  protocols: string[];
  backend: string;
  medianEpochSeconds: number | null;
  rows: Row[];
}

const names = process.argv.slice(2).length
  ? process.argv.slice(2)
  : ['ncf', 'feature-cnn', 'itemcf-seq'];
const runs: Run[] = [];
for (const name of names) {
  const file = path.resolve(import.meta.dirname, 'results', `models-${name}.json`);
  if (existsSync(file))
    runs.push(...(JSON.parse(readFileSync(file, 'utf8')) as { runs: Run[] }).runs);
}
const groups = new Map<string, { row: Row; run: Run }[]>();
for (const run of runs) {
  for (const row of run.rows) {
    const key = `${row.dataset} · protocol ${row.protocol}${run.protocols?.[0]?.startsWith('B-sweep') ? ` (${run.protocols[0]})` : ''}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push({ row, run });
  }
}
for (const [key, items] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
  const metrics = [...new Set(items.map((i) => i.row.metric))];
  const models = [...new Set(items.map((i) => i.row.model))];
  console.log(`\n### ${key}\n`);
  console.log(`| model | ${metrics.join(' | ')} | train s | s/epoch | backend |`);
  console.log(`| --- | ${metrics.map(() => '---').join(' | ')} | --- | --- | --- |`);
  for (const model of models) {
    const mine = items.filter((i) => i.row.model === model);
    const cell = (m: string) => {
      const hit = mine.find((i) => i.row.metric === m);
      return hit ? hit.row.value.toFixed(4) : '–';
    };
    const { run, row } = mine[0];
    const epoch = run.medianEpochSeconds == null ? '–' : run.medianEpochSeconds.toFixed(1);
    console.log(
      `| ${model} | ${metrics.map(cell).join(' | ')} | ${row.seconds.toFixed(1)} | ${epoch} | ${run.backend} |`,
    );
  }
}
