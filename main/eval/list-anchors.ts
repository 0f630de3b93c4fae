import { existsSync, readFileSync } from 'node:fs';

/**
 * Reads the "## Protocols D, E, F" section of ../shared/ANCHORS.md (at run time; the file is never
 * copied into the repository): one row per model and dataset, with the values keyed by the
 * harness's metric names. Cells look like `**.0664** / .122 / .563 / .32` (D: tail P@10 / P@10 /
 * HR@10 / coverage), `.1277 / .2072 (.824)` (E: Recall@20 / NDCG@20 (agreement)) and
 * `.1098 / .3405` (F and F5: Recall@20 / NDCG@20); bold marks the best row and is dropped.
 */
export type ListAnchorProtocol = 'D' | 'E' | 'F' | 'F5';

export interface ListAnchorRow {
  protocol: ListAnchorProtocol;
  model: string;
  dataset: string;
  values: Record<string, number>;
}

/** The metrics of a cell's slash-separated numbers, in order; E's "(x)" is the agreement. */
export const listAnchorMetrics: Record<ListAnchorProtocol, string[]> = {
  D: ['tail-p@10', 'p@10', 'hr@10', 'coverage'],
  E: ['recall@20', 'ndcg@20'],
  F: ['recall@20', 'ndcg@20'],
  F5: ['recall@20', 'ndcg@20'],
};

function cellValues(protocol: ListAnchorProtocol, cell: string): Record<string, number> {
  let text = cell.replace(/\*\*/g, '').trim();
  const values: Record<string, number> = {};
  const paren = /\(([^)]*)\)\s*$/.exec(text);
  if (paren) {
    const n = Number(paren[1].trim());
    if (protocol === 'E' && paren[1].trim() !== '' && Number.isFinite(n)) values.agreement = n;
    text = text.slice(0, paren.index).trim();
  }
  const metrics = listAnchorMetrics[protocol];
  text.split('/').forEach((part, k) => {
    const s = part.trim();
    const n = Number(s);
    if (k < metrics.length && s !== '' && Number.isFinite(n)) values[metrics[k]] = n;
  });
  return values;
}

/** Parses the D, E, F and F5 tables of an ANCHORS.md text. */
export function parseListAnchors(text: string): ListAnchorRow[] {
  const rows: ListAnchorRow[] = [];
  let inSection = false;
  let sub: 'D' | 'E' | 'F' | null = null;
  let header: { protocol: ListAnchorProtocol; dataset: string }[] | null = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('## ')) {
      inSection = /^##\s+Protocols\s+D\b/.test(line);
      sub = null;
      header = null;
      continue;
    }
    if (!inSection) continue;
    const heading = /^###\s+(D|E|F)\b/.exec(line);
    if (heading) {
      sub = heading[1] as 'D' | 'E' | 'F';
      header = null;
      continue;
    }
    if (!sub) continue;
    if (!line.startsWith('|')) {
      header = null; // a blank line or prose ends a table
      continue;
    }
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    if (cells.every((c) => /^:?-+:?$/.test(c))) continue;
    if (!header) {
      header = cells.slice(1).map((c) => {
        const m = /^(F5|F)\s+(.+)$/.exec(c);
        if (sub === 'F' && m) return { protocol: m[1] as ListAnchorProtocol, dataset: m[2].trim() };
        return { protocol: sub!, dataset: c };
      });
      continue;
    }
    const model = cells[0].replace(/\*\*/g, '').trim();
    header.forEach((col, k) => {
      const cell = cells[k + 1];
      if (cell === undefined) return;
      const values = cellValues(col.protocol, cell);
      if (Object.keys(values).length) rows.push({ ...col, model, values });
    });
  }
  return rows;
}

export function readListAnchors(file: string): ListAnchorRow[] {
  return existsSync(file) ? parseListAnchors(readFileSync(file, 'utf8')) : [];
}

/** The best anchor figure of a protocol's metric on a dataset (higher is better), if any. */
export function bestListAnchor(
  anchors: ListAnchorRow[],
  protocol: ListAnchorProtocol,
  dataset: string,
  metric: string,
): { value: number; model: string } | undefined {
  let best: { value: number; model: string } | undefined;
  for (const a of anchors) {
    if (a.protocol !== protocol || a.dataset !== dataset) continue;
    const v = a.values[metric];
    if (v !== undefined && (!best || v > best.value)) best = { value: v, model: a.model };
  }
  return best;
}
