import { describe as progressLine } from '../../main/cli/progress';

describe("the CLI's progress line", () => {
  test('says that a count of rows is over the whole job, not the file of the phase', () => {
    const line = progressLine({
      jobId: 'j',
      kind: 'import',
      phase: 'ratings.csv',
      current: 700_000,
      total: 3_300_000,
      unit: 'bytes',
      rows: 19_484,
    });
    expect(line).toBe('import ratings.csv  [#####...................] 21%  19,484 rows so far');
    const done = progressLine({
      jobId: 'j',
      kind: 'import',
      phase: 'done',
      current: 1,
      total: 1,
      unit: 'bytes',
      rows: 3,
    });
    expect(done).toBe('import done  [########################] 100%  3 rows');
  });

  test('a count in rows is the bar itself', () => {
    const line = progressLine({
      jobId: 'j',
      kind: 'import',
      phase: 'new movies',
      current: 50,
      total: 200,
      unit: 'rows',
      rows: 50,
    });
    expect(line).toBe('import new movies  [######..................] 25%  50/200 rows');
  });
});
