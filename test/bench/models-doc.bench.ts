/**
 * Builds the tables of docs/MODELS.md from the JSON the benchmarks wrote: results/quality.json
 * (baselines and engine models through `bench quality`) and results/models-*.json (the issue 5
 * models' own runs and ablations), next to the rows of ../shared/ANCHORS.md (quoted at run time,
 * never copied into the repository). Only the text between the generated-tables markers of
 * docs/MODELS.md is replaced; a cell no JSON has is "not run".
 *
 *   npm run bench -- models-doc [--quick]   (--quick: print the *-quick.json tables, write nothing)
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { anchorColumns, readAnchors } from '../../main/eval/anchors';
import { readListAnchors } from '../../main/eval/list-anchors';
import { evaluableModelNames } from '../../main/eval/model-registry';
import { benchDir, repoRoot, sharedDir } from './bench-helpers';

export interface SourcedRow {
  model: string;
  dataset: string;
  protocol: string;
  metric: string;
  value: number;
  seconds: number;
  source: string;
}

const metricsOf: Record<string, string[]> = {
  A: ['RMSE', 'MAE', 'R2'],
  B: ['HR@10', 'NDCG@10', 'HR@10-sampled100', 'NDCG@10-sampled100', 'coverage', 'ILS'],
  C: ['RMSE', 'MAE', 'Recall@20', 'NDCG@20', 'seconds-per-profile'],
  D: ['tail-p@10', 'tail-hr@10', 'p@10', 'hr@10', 'coverage', 'mean-popularity'],
  E: ['recall@20', 'ndcg@20', 'co-rated', 'agreement'],
  F: ['recall@20', 'ndcg@20'],
  F5: ['recall@20', 'ndcg@20'],
};

/** The list protocols' table titles (../shared/EVALUATION.md). */
const listTitles: Record<string, string> = {
  D: 'similar movies',
  E: 'people like you',
  F: 'a new profile with no ratings',
  F5: "a new profile's first five ratings",
};

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

function fmt(v: number | undefined, metric: string): string {
  if (v === undefined || !Number.isFinite(v)) return 'not run';
  if (metric === 'seconds-per-profile') return `${(v * 1000).toFixed(1)} ms`;
  if (metric === 'mean-popularity') return v.toFixed(1);
  return v.toFixed(4);
}

/** The ml-100k anchors are prose lines in ANCHORS.md: "name a / b / c; name a / b / c". */
function prose100k(
  text: string,
  prefix: RegExp,
  metrics: string[],
): { model: string; values: Record<string, number> }[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => prefix.test(l));
  if (start < 0) return [];
  let end = start + 1;
  while (end < lines.length && lines[end].trim() && !/^ml-100k|^The |^#|^\|/.test(lines[end]))
    end++;
  const line = lines.slice(start, end).join(' ');
  const body = line.replace(prefix, '');
  return body
    .split(';')
    .map((part) => {
      const m =
        /^\s*(.+?)\s+(-?\d+(?:\.\d+)?)\s*\/\s*(-?\d+(?:\.\d+)?)(?:\s*\/\s*(-?\d+(?:\.\d+)?))?/.exec(
          part.replace(/\(λ=\d+\)/, ''),
        );
      if (!m) return null;
      const nums = [m[2], m[3], m[4]].filter((x) => x !== undefined).map(Number);
      const values: Record<string, number> = {};
      metrics.forEach((k, i) => nums[i] !== undefined && (values[k] = nums[i]));
      return { model: m[1].trim(), values };
    })
    .filter((x): x is { model: string; values: Record<string, number> } => x !== null);
}

/** quality.json's rows in the harness's model order (baselines first), other sources after it. */
function harnessRank(r: SourcedRow): number {
  const names = evaluableModelNames();
  const i = r.source.startsWith('quality') ? names.indexOf(r.model) : -1;
  return i < 0 ? names.length : i;
}

export function tables(rows: SourcedRow[], anchorsFile: string): string {
  const anchors = readAnchors(anchorsFile);
  const anchorText = existsSync(anchorsFile) ? readFileSync(anchorsFile, 'utf8') : '';
  const out: string[] = [];
  for (const protocol of ['A', 'B', 'C']) {
    for (const dataset of ['ml-latest-small', 'ml-100k']) {
      if (protocol === 'C' && dataset !== 'ml-latest-small') continue;
      const metrics = metricsOf[protocol];
      const mine = rows
        .filter((r) => r.protocol === protocol && r.dataset === dataset)
        .sort((a, b) => harnessRank(a) - harnessRank(b));
      const keys = [...new Set(mine.map((r) => `${r.model}\u0000${r.source}`))];
      const head = ['model', ...metrics, 'train s', 'source'];
      out.push(
        `### Protocol ${protocol} — ${dataset}`,
        '',
        `| ${head.join(' | ')} |`,
        `|${head.map(() => ' --- ').join('|')}|`,
      );
      for (const key of keys) {
        const [model, source] = key.split('\u0000');
        const of = mine.filter((r) => r.model === model && r.source === source);
        const cells = metrics.map((k) => fmt(of.find((r) => r.metric === k)?.value, k));
        out.push(`| ${model} | ${cells.join(' | ')} | ${of[0].seconds.toFixed(1)} | ${source} |`);
      }
      if (keys.length === 0)
        out.push(`| (no run in this session) | ${metrics.map(() => 'not run').join(' | ')} | | |`);
      if (dataset === 'ml-latest-small') {
        for (const a of anchors.filter((x) => x.protocol === protocol)) {
          const cols = anchorColumns[protocol];
          const cells = metrics.map((k) =>
            cols[k] && a.values[cols[k]] !== undefined ? a.values[cols[k]].toFixed(4) : '–',
          );
          const time = a.values['train s'] !== undefined ? a.values['train s'].toFixed(1) : '';
          out.push(`| anchor: ${a.model} | ${cells.join(' | ')} | ${time} | ANCHORS.md |`);
        }
      } else if (protocol === 'A') {
        for (const a of prose100k(anchorText, /^ml-100k:\s*/, ['RMSE', 'MAE', 'R2']))
          out.push(
            `| anchor: ${a.model} | ${metrics.map((k) => (a.values[k] !== undefined ? a.values[k].toFixed(4) : '–')).join(' | ')} | | ANCHORS.md |`,
          );
      } else if (protocol === 'B') {
        for (const a of prose100k(anchorText, /^ml-100k \(943 users\), HR@10 \/ NDCG@10 full:\s*/, [
          'HR@10',
          'NDCG@10',
        ]))
          out.push(
            `| anchor: ${a.model} | ${metrics.map((k) => (a.values[k] !== undefined ? a.values[k].toFixed(4) : '–')).join(' | ')} | | ANCHORS.md |`,
          );
      }
      out.push('');
    }
  }
  out.push(...listTables(rows, anchorsFile));
  return out.join('\n');
}

/** Protocols D, E, F and F5 on both datasets, each with that dataset's ANCHORS.md rows. */
function listTables(rows: SourcedRow[], anchorsFile: string): string[] {
  const anchors = readListAnchors(anchorsFile);
  const out: string[] = [];
  for (const protocol of ['D', 'E', 'F', 'F5']) {
    for (const dataset of ['ml-latest-small', 'ml-100k']) {
      const metrics = metricsOf[protocol];
      const mine = rows
        .filter((r) => r.protocol === protocol && r.dataset === dataset)
        .sort((a, b) => harnessRank(a) - harnessRank(b));
      const keys = [...new Set(mine.map((r) => `${r.model}\u0000${r.source}`))];
      const head = ['model', ...metrics, 'train s', 'source'];
      out.push(
        `### Protocol ${protocol} (${listTitles[protocol]}) — ${dataset}`,
        '',
        `| ${head.join(' | ')} |`,
        `|${head.map(() => ' --- ').join('|')}|`,
      );
      for (const key of keys) {
        const [model, source] = key.split('\u0000');
        const of = mine.filter((r) => r.model === model && r.source === source);
        const cells = metrics.map((k) => fmt(of.find((r) => r.metric === k)?.value, k));
        out.push(`| ${model} | ${cells.join(' | ')} | ${of[0].seconds.toFixed(1)} | ${source} |`);
      }
      if (keys.length === 0)
        out.push(`| (no run in this session) | ${metrics.map(() => 'not run').join(' | ')} | | |`);
      for (const a of anchors.filter((x) => x.protocol === protocol && x.dataset === dataset)) {
        const cells = metrics.map((k) => (a.values[k] !== undefined ? fmt(a.values[k], k) : '–'));
        out.push(`| anchor: ${a.model} | ${cells.join(' | ')} | | ANCHORS.md |`);
      }
      out.push('');
    }
  }
  return out;
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
