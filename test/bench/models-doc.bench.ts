/**
 * Builds the tables of docs/MODELS.md from the JSON the benchmarks wrote: results/quality.json
 * (baselines and engine models through `bench quality`) and results/models-*.json (the issue 5
 * models' own runs and ablations), next to the rows of ../shared/ANCHORS.md (quoted at run time,
 * never copied into the repository), through the one table renderer of results-table.ts. Only the text between the generated-tables markers of
 * docs/MODELS.md is replaced; a cell no JSON has is "not run".
 *
 *   npm run bench -- models-doc [--quick]   (--quick: print the *-quick.json tables, write nothing)
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, sharedDir } from '../helpers/repo-paths';
import { benchDir } from './bench-helpers';
import { fmt, tables, type SourcedRow } from './results-table';

export type { SourcedRow };

const START = '<!-- generated-tables:start (npm run bench -- models-doc) -->';
const END = '<!-- generated-tables:end -->';

function isRow(x: unknown): x is Omit<SourcedRow, 'source'> {
  const r = x as Record<string, unknown>;
  return (
    !!r &&
    typeof r.model === 'string' &&
    typeof r.metric === 'string' &&
    typeof r.value === 'number' &&
    typeof r.protocol === 'string'
  );
}

/** Every evaluation row anywhere in a JSON document; a run's `label` names its rows' variant. */
export function collectRows(doc: unknown, source: string, label?: string): SourcedRow[] {
  if (Array.isArray(doc)) return doc.flatMap((d) => collectRows(d, source, label));
  if (!doc || typeof doc !== 'object') return [];
  if (isRow(doc)) {
    const named =
      label && label !== 'full' && label !== doc.model && !doc.model.includes(label)
        ? `${doc.model} (${label})`
        : doc.model;
    return [{ ...doc, model: named, seconds: Number(doc.seconds ?? 0), source }];
  }
  const o = doc as Record<string, unknown>;
  const own = typeof o.label === 'string' ? o.label : label;
  return Object.values(o).flatMap((v) => collectRows(v, source, own));
}

/** Training time per model: s/epoch and epochs of the sequence models' runs, fit seconds of all. */
function trainingTimes(files: Record<string, unknown>): string {
  const out = [
    '| model | dataset | protocol | label | epochs run (best) | s/epoch | train s (incl. setup) | backend |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const [source, doc] of Object.entries(files)) {
    const runs = (doc as { runs?: unknown[] }).runs;
    if (!Array.isArray(runs)) continue;
    for (const run of runs as Record<string, unknown>[]) {
      const protocols = run.protocols as
        Record<string, { training?: Record<string, number> }> | undefined;
      if (!protocols) continue;
      for (const [p, v] of Object.entries(protocols)) {
        const t = v.training;
        if (!t) continue;
        out.push(
          `| ${String(run.model)} | ${String(run.dataset)} | ${p} | ${String(run.label)} | ${t.epochsRun} (${t.bestEpoch}) | ${Number(t.secondsPerEpoch).toFixed(1)} | ${Number(t.trainSeconds).toFixed(1)} | ${String(run.backend)} (${source}) |`,
        );
      }
    }
  }
  return out.join('\n');
}

/** The sequence models' labelled runs side by side: validation MSE after epoch 1 and at best, and protocol metrics. */
function ablations(files: Record<string, unknown>, protocol: string, metrics: string[]): string {
  const head = [
    'model',
    'variant',
    'dataset',
    'epochs',
    'val MSE epoch 1',
    'best val MSE',
    ...metrics,
  ];
  const out = [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`];
  for (const doc of Object.values(files)) {
    const runs = (doc as { runs?: unknown[] }).runs;
    if (!Array.isArray(runs)) continue;
    for (const run of runs as Record<string, unknown>[]) {
      const p = (
        run.protocols as
          | Record<
              string,
              {
                rows: SourcedRow[];
                training?: Record<string, number>;
                epochLog?: { validationLoss?: number }[];
              }
            >
          | undefined
      )?.[protocol];
      if (!p) continue;
      const first = p.epochLog?.[0]?.validationLoss;
      const best = p.training?.bestValidationMse;
      const cells = metrics.map((k) => fmt(p.rows.find((r) => r.metric === k)?.value, k));
      out.push(
        `| ${String(run.model)} | ${String(run.label)} | ${String(run.dataset)} | ${p.training?.epochsRun ?? 'not run'} | ${fmt(first, '')} | ${fmt(best !== undefined && best >= 0 ? best : undefined, '')} | ${cells.join(' | ')} |`,
      );
    }
  }
  return out.join('\n');
}

/**
 * A results document without the sequence models' runs (runs with per-protocol training logs):
 * their default settings are quality.json's rows, their labelled runs have their own two tables.
 */
function withoutSequenceRuns(doc: unknown): unknown {
  const runs = (doc as { runs?: unknown }).runs;
  if (!Array.isArray(runs)) return doc;
  const kept = (runs as Record<string, unknown>[]).filter(
    (r) => !(r.protocols && !Array.isArray(r.protocols)),
  );
  return { ...(doc as object), runs: kept };
}

/** Full-run files (quality.json, models-*.json) or, quick, their *-quick.json counterparts. */
export function resultFiles(dir: string, quick: boolean): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f.endsWith('-quick.json') === quick)
    .filter((f) => /^quality(-quick)?\.json$/.test(f) || f.startsWith('models-'))
    .sort(
      (a, b) =>
        Number(b.startsWith('quality')) - Number(a.startsWith('quality')) || a.localeCompare(b),
    );
}

/** The generated-tables block of docs/MODELS.md, from the full runs' JSON or (quick) the quick runs'. */
export function generatedTables(quick = false): { text: string; rows: number; files: number } {
  const dir = path.join(benchDir, 'results');
  const names = resultFiles(dir, quick);
  const files: Record<string, unknown> = {};
  for (const f of names) files[f] = JSON.parse(readFileSync(path.join(dir, f), 'utf8'));
  const rows = Object.entries(files).flatMap(([f, doc]) =>
    collectRows(withoutSequenceRuns(doc), f),
  );
  const text = [
    START,
    '<!-- prettier-ignore-start -->',
    '',
    `Generated ${new Date().toISOString()} from ${names.join(', ') || 'no result files'}.`,
    '',
    tables(rows, path.join(sharedDir, 'ANCHORS.md')),
    '### Training time of the sequence models (this machine: 2 cores, no GPU)',
    '',
    trainingTimes(files),
    '',
    '### Tuning and ablations of the sequence models (protocol C, ml-latest-small)',
    '',
    ablations(files, 'C', ['RMSE', 'MAE', 'Recall@20', 'NDCG@20']),
    '',
    '<!-- prettier-ignore-end -->',
    END,
  ].join('\n');
  return { text, rows: rows.length, files: names.length };
}

/**
 * Replaces the generated tables of docs/MODELS.md (full runs). With --quick it prints the tables
 * of the *-quick.json files instead and leaves MODELS.md alone: quick figures never go there.
 */
/** The generated-tables block of a MODELS.md text (markers included), or null if it has none. */
export function tablesBlockOf(text: string): string | null {
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  return a >= 0 && b > a ? text.slice(a, b + END.length) : null;
}

export const modelsDocPath = path.join(repoRoot, 'docs', 'MODELS.md');

export async function run(args: string[] = []): Promise<number> {
  const quick = args.includes('--quick');
  const { text: generated, rows, files } = generatedTables(quick);
  if (quick) {
    console.log(generated);
    console.log(`(quick: ${rows} rows from ${files} *-quick.json files; docs/MODELS.md untouched)`);
    return 0;
  }
  const doc = modelsDocPath;
  const text = existsSync(doc) ? readFileSync(doc, 'utf8') : `# Models\n\n${START}\n${END}\n`;
  const block = tablesBlockOf(text);
  const next = block ? text.replace(block, () => generated) : `${text}\n${generated}\n`;
  writeFileSync(doc, next);
  console.log(`wrote ${doc} (${rows} rows from ${files} files)`);
  return 0;
}

export default run;
