/**
 * The one renderer of the results tables: docs/MODELS.md's generated tables (models-doc.bench.ts)
 * and the tables `bench quality` prints are both made here, one protocol and dataset at a time,
 * with the ../shared/ANCHORS.md rows beside ours.
 */
import { existsSync, readFileSync } from 'node:fs';
import { anchorColumns, readAnchors, type AnchorRow } from '../../main/eval/anchors';
import { readListAnchors, type ListAnchorRow } from '../../main/eval/list-anchors';
import { evaluableModelNames } from '../../main/eval/model-registry';

/** An evaluation row and the results file it came from. */
export interface SourcedRow {
  model: string;
  dataset: string;
  protocol: string;
  metric: string;
  value: number;
  seconds: number;
  source: string;
}

export const metricsOf: Record<string, string[]> = {
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

/** Everything ANCHORS.md holds, read once: the A/B/C table, the list rows and the prose lines. */
export interface AnchorSet {
  anchors: AnchorRow[];
  listAnchors: ListAnchorRow[];
  text: string;
}

export function readAnchorSet(anchorsFile: string): AnchorSet {
  return {
    anchors: readAnchors(anchorsFile),
    listAnchors: readListAnchors(anchorsFile),
    text: existsSync(anchorsFile) ? readFileSync(anchorsFile, 'utf8') : '',
  };
}

export function fmt(v: number | undefined, metric: string): string {
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

function isListProtocolName(protocol: string): boolean {
  return protocol in listTitles;
}

/** The ANCHORS.md rows of one protocol and dataset, as table lines. */
function anchorLines(protocol: string, dataset: string, set: AnchorSet): string[] {
  const metrics = metricsOf[protocol];
  const cellsOf = (values: Record<string, number>) =>
    metrics.map((k) => (values[k] !== undefined ? values[k].toFixed(4) : '–')).join(' | ');
  if (isListProtocolName(protocol))
    return set.listAnchors
      .filter((x) => x.protocol === protocol && x.dataset === dataset)
      .map((a) => {
        const cells = metrics.map((k) => (a.values[k] !== undefined ? fmt(a.values[k], k) : '–'));
        return `| anchor: ${a.model} | ${cells.join(' | ')} | | ANCHORS.md |`;
      });
  if (dataset === 'ml-latest-small')
    return set.anchors
      .filter((x) => x.protocol === protocol)
      .map((a) => {
        const cols = anchorColumns[protocol as 'A' | 'B' | 'C'];
        const cells = metrics.map((k) =>
          cols[k] && a.values[cols[k]] !== undefined ? a.values[cols[k]].toFixed(4) : '–',
        );
        const time = a.values['train s'] !== undefined ? a.values['train s'].toFixed(1) : '';
        return `| anchor: ${a.model} | ${cells.join(' | ')} | ${time} | ANCHORS.md |`;
      });
  const prose =
    protocol === 'A'
      ? prose100k(set.text, /^ml-100k:\s*/, ['RMSE', 'MAE', 'R2'])
      : protocol === 'B'
        ? prose100k(set.text, /^ml-100k \(943 users\), HR@10 \/ NDCG@10 full:\s*/, [
            'HR@10',
            'NDCG@10',
          ])
        : [];
  return prose.map((a) => `| anchor: ${a.model} | ${cellsOf(a.values)} | | ANCHORS.md |`);
}

/**
 * One protocol's table on one dataset: a line per model and source (a cell no row has is
 * "not run"), then that protocol's anchor rows, then a blank line.
 */
export function protocolTable(
  rows: SourcedRow[],
  protocol: string,
  dataset: string,
  anchors: AnchorSet,
): string[] {
  const metrics = metricsOf[protocol];
  const mine = rows
    .filter((r) => r.protocol === protocol && r.dataset === dataset)
    .sort((a, b) => harnessRank(a) - harnessRank(b));
  const keys = [...new Set(mine.map((r) => `${r.model}\u0000${r.source}`))];
  const head = ['model', ...metrics, 'train s', 'source'];
  const title = isListProtocolName(protocol)
    ? `### Protocol ${protocol} (${listTitles[protocol]}) — ${dataset}`
    : `### Protocol ${protocol} — ${dataset}`;
  const out = [title, '', `| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`];
  for (const key of keys) {
    const [model, source] = key.split('\u0000');
    const of = mine.filter((r) => r.model === model && r.source === source);
    const cells = metrics.map((k) => fmt(of.find((r) => r.metric === k)?.value, k));
    out.push(`| ${model} | ${cells.join(' | ')} | ${of[0].seconds.toFixed(1)} | ${source} |`);
  }
  if (keys.length === 0)
    out.push(`| (no run in this session) | ${metrics.map(() => 'not run').join(' | ')} | | |`);
  out.push(...anchorLines(protocol, dataset, anchors), '');
  return out;
}

/**
 * Every table of docs/MODELS.md's protocols: A and B on both datasets, C on ml-latest-small,
 * then the list protocols D, E, F and F5 on both datasets.
 */
export function tables(rows: SourcedRow[], anchorsFile: string): string {
  const anchors = readAnchorSet(anchorsFile);
  const out: string[] = [];
  for (const protocol of ['A', 'B', 'C', 'D', 'E', 'F', 'F5'])
    for (const dataset of ['ml-latest-small', 'ml-100k']) {
      if (protocol === 'C' && dataset !== 'ml-latest-small') continue;
      out.push(...protocolTable(rows, protocol, dataset, anchors));
    }
  return out.join('\n');
}
