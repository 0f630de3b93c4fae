import { existsSync, readFileSync } from 'node:fs';

/**
 * Reads the ml-latest-small tables of ../shared/ANCHORS.md at run time (the file is never copied
 * into the repository), so benchmark tables can print the reference rows next to ours.
 */
export interface AnchorRow {
  protocol: 'A' | 'B' | 'C';
  model: string;
  /** Column header → number (columns that are not numbers are left out). */
  values: Record<string, number>;
}

export function readAnchors(file: string): AnchorRow[] {
  if (!existsSync(file)) return [];
  const rows: AnchorRow[] = [];
  let protocol: AnchorRow['protocol'] | null = null;
  let header: string[] | null = null;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const heading = /^##\s+Protocol\s+([ABC])\b/.exec(line);
    if (heading) {
      protocol = heading[1] as AnchorRow['protocol'];
      header = null;
      continue;
    }
    if (line.startsWith('## ')) {
      protocol = null;
      continue;
    }
    if (!protocol || !line.startsWith('|')) continue;
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    if (cells.every((c) => /^-+$/.test(c))) continue;
    if (!header) {
      header = cells;
      continue;
    }
    const values: Record<string, number> = {};
    cells.slice(1).forEach((c, k) => {
      const n = Number(c.replace(/\s*ms$/, ''));
      if (c !== '' && Number.isFinite(n)) values[header![k + 1]] = n;
    });
    rows.push({ protocol, model: cells[0], values });
  }
  return rows;
}

/** Which anchor column holds which of our metrics. */
export const anchorColumns: Record<string, Record<string, string>> = {
  A: { RMSE: 'RMSE', MAE: 'MAE', R2: 'R²' },
  B: {
    'HR@10': 'HR@10 full',
    'NDCG@10': 'NDCG@10 full',
    'HR@10-sampled100': 'HR@10 sampled-100',
    'NDCG@10-sampled100': 'NDCG@10 sampled-100',
    coverage: 'coverage',
    ILS: 'ILS (genre Jaccard)',
  },
  C: { RMSE: 'RMSE', MAE: 'MAE', 'Recall@20': 'Recall@20', 'NDCG@20': 'NDCG@20' },
};
