import { readFileSync } from 'node:fs';
import path from 'node:path';
import { leaveLastOutSplit, newPeopleSplit, parseLooFile } from '../../main/eval/splits';
import { datasetDir, loadDatasetByName } from '../helpers/movielens-csv';

describe.each(['ml-latest-small', 'ml-100k'])('splits of %s', (name) => {
  const dataset = loadDatasetByName(name);

  it("protocol B's test item is exactly the testItem column of the shared .loo.csv", () => {
    const loo = parseLooFile(
      readFileSync(path.join(datasetDir('splits'), `${name}.loo.csv`), 'utf8'),
      dataset,
    );
    const { testItem, train } = leaveLastOutSplit(dataset);
    let compared = 0;
    for (let u = 0; u < dataset.nUsers; u++) {
      expect(testItem[u]).toBe(loo.testItem[u]);
      expect(loo.negatives[u]!.length).toBe(99);
      expect(train.histories[u].items.includes(testItem[u])).toBe(false);
      compared++;
    }
    expect(compared).toBe(dataset.nUsers);
  });

  it('protocol C turns the users whose id is a multiple of 10 into new people', () => {
    const { people, train } = newPeopleSplit(dataset);
    expect(people.length).toBe([...dataset.userKeys].filter((k) => k % 10 === 0).length);
    for (const p of people) {
      expect(train.histories[p.user].items.length).toBe(0);
      const n = p.visible.items.length + p.hidden.items.length;
      expect(p.visible.items.length).toBe(Math.max(5, Math.floor(n / 2)));
      expect(p.visible.times[p.visible.times.length - 1]).toBeLessThanOrEqual(p.hidden.times[0]);
    }
  });
});

it('ml-latest-small has the 61 new people of EVALUATION.md', () => {
  expect(newPeopleSplit(loadDatasetByName('ml-latest-small')).people.length).toBe(61);
});
