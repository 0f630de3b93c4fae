import { bestListAnchor, parseListAnchors } from '../../main/eval/list-anchors';

const sample = `# Reference figures

## Protocol C — new people, ml-latest-small
| model | RMSE | MAE | Recall@20 | NDCG@20 |
| --- | --- | --- | --- | --- |
| popularity | – | – | 0.0892 | 0.1570 |

## Protocols D, E, F — the other lists (added 2026-12-01)
Prose.

### D — similar movies: tail P@10 (primary) / P@10 / HR@10 / coverage
| model | ml-latest-small | ml-100k |
| --- | --- | --- |
| popularity (10 most-rated unseen) | 0 / .141 / .623 / .006 | 0 / .144 / .685 / .023 |
| EASE item weights B[s,:], tuned on tail P@10 (λ 500 / 1000) | **.0664** / .122 / .563 / .32 | **.0636** / .141 / .617 / .54 |

### E — people like you: Recall@20 / NDCG@20 (agreement)
| model | ml-latest-small | ml-100k |
| --- | --- | --- |
| no neighbours (the popularity list: the floor to beat) | .0892 / .1570 | .1303 / .1605 |
| EASE predicted-score-vector cosine (λ 10000 / 1000) | **.1498 / .2368** (.764) | **.2230 / .2625** (.760) |

### F — zero ratings, and F5 — first five ratings: Recall@20 / NDCG@20
| model | F ml-latest-small | F ml-100k |
| --- | --- | --- |
| count × damped mean | **.1098 / .3405** | **.1639 / .3654** |

| model | F5 ml-latest-small | F5 ml-100k |
| --- | --- | --- |
| EASE fold-in (λ 50000) | **.1135 / .3212** | .1860 / **.3187** |

Read D on its tail.

## Later section
| model | ml-latest-small |
| --- | --- |
| not an anchor | .5 / .5 |
`;

describe('ANCHORS.md list protocol tables', () => {
  const rows = parseListAnchors(sample);

  test('one row per model and dataset, values keyed by metric name, bold stripped', () => {
    expect(rows).toHaveLength(12);
    const ease = rows.find((r) => r.protocol === 'D' && r.model.startsWith('EASE'));
    expect(ease).toEqual({
      protocol: 'D',
      model: 'EASE item weights B[s,:], tuned on tail P@10 (λ 500 / 1000)',
      dataset: 'ml-latest-small',
      values: { 'tail-p@10': 0.0664, 'p@10': 0.122, 'hr@10': 0.563, coverage: 0.32 },
    });
    const pop100k = rows.find((r) => r.protocol === 'D' && r.dataset === 'ml-100k');
    expect(pop100k?.values).toEqual({
      'tail-p@10': 0,
      'p@10': 0.144,
      'hr@10': 0.685,
      coverage: 0.023,
    });
  });

  test('E carries the agreement in parentheses; the floor has none', () => {
    const e = rows.filter((r) => r.protocol === 'E' && r.dataset === 'ml-100k');
    expect(e.map((r) => r.values)).toEqual([
      { 'recall@20': 0.1303, 'ndcg@20': 0.1605 },
      { 'recall@20': 0.223, 'ndcg@20': 0.2625, agreement: 0.76 },
    ]);
  });

  test('F and F5 come from their header columns', () => {
    const f = rows.filter((r) => r.protocol === 'F');
    const f5 = rows.filter((r) => r.protocol === 'F5');
    expect(f.map((r) => [r.dataset, r.values['ndcg@20']])).toEqual([
      ['ml-latest-small', 0.3405],
      ['ml-100k', 0.3654],
    ]);
    expect(f5.map((r) => [r.model, r.dataset, r.values['recall@20']])).toEqual([
      ['EASE fold-in (λ 50000)', 'ml-latest-small', 0.1135],
      ['EASE fold-in (λ 50000)', 'ml-100k', 0.186],
    ]);
    expect(rows.some((r) => r.model === 'not an anchor' || r.model === 'popularity')).toBe(false);
  });

  test('best anchor per protocol, dataset and metric', () => {
    expect(bestListAnchor(rows, 'D', 'ml-100k', 'tail-p@10')?.value).toBe(0.0636);
    expect(bestListAnchor(rows, 'E', 'ml-latest-small', 'ndcg@20')?.value).toBe(0.2368);
    expect(bestListAnchor(rows, 'F5', 'ml-100k', 'ndcg@20')?.value).toBe(0.3187);
    expect(bestListAnchor(rows, 'F', 'ml-1m', 'ndcg@20')).toBeUndefined();
  });
});
