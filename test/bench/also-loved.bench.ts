import path from 'node:path';
import {
  alsoLovedDiscount,
  alsoLovedScores,
  type AlsoLovedDiscount,
} from '../../main/engine/lists/also-loved';
import { protocolD } from '../../main/engine/validation/list-protocols';
import {
  listSplit,
  pseudoNewPeopleSplit,
  topKWithTies,
  type ListSplit,
} from '../../main/engine/validation/list-split';
import { bestListAnchor, readListAnchors } from '../../main/eval/list-anchors';
import { similarMinRatings } from '../../shared/domain';
import { loadDatasetByName } from '../helpers/movielens-csv';
import { sharedDir } from '../helpers/repo-paths';
import { writeResult } from './bench-helpers';
import { dLine, splitRatings, type Figures } from './list-bench-helpers';
import { currentCommit, machineDescription } from './result-provenance';

/**
 * "People who loved this also loved" measured by protocol D's rules (../shared/EVALUATION.md),
 * with the app's own scoring (alsoLovedScores) and its floor of similarMinRatings ratings:
 *
 * 1. validation (train on userId % 10 ∉ {0, 5}, the % 10 == 5 people pseudo-new): every
 *    discount of the grid; the choice is the best mean tail P@10 of both releases among the
 *    discounts with coverage ≥ 0.25 on each;
 * 2. test (protocol C's split): the plain count (power 0: the order before 2038c3d, here with the
 *    floor, which the most co-loved movies pass anyway) and the shipped discount, beside the D
 *    anchors.
 *
 * Nothing is trained: the list reads the dataset's ratings only. Writes
 * test/bench/results/also-loved.json.
 */
const DATASETS = ['ml-latest-small', 'ml-100k'];
const POWERS = [0, 0.5, 1, 1.5, 2, 3, 4];
const SHARES = [0, 0.05, 0.1, 0.2, 0.3, 0.4];
const MIN_COVERAGE = 0.25;

const label = (d: AlsoLovedDiscount) => `power ${d.power}, share ${d.usersShare}`;

/** Protocol D of the also-loved list with `discount`, on a split's training ratings. */
function measure(split: ListSplit, discount: AlsoLovedDiscount): Figures {
  const { byUser, byItem } = splitRatings(split);
  const counts = new Float32Array(split.nItems);
  const scores = new Float32Array(split.nItems);
  return protocolD(split, (seed, exclude, k) => {
    alsoLovedScores(byItem, byUser, seed, 4, counts, scores, discount);
    return topKWithTies(
      scores,
      k,
      split.popularity,
      split.movieIds,
      (i) => counts[i] > 0 && exclude[i] === 0 && split.popularity[i] >= similarMinRatings,
    );
  });
}

const line = (name: string, f: Figures) => dLine(name, f, 34);

export default function run(): void {
  const splits = DATASETS.map((name) => {
    const data = loadDatasetByName(name);
    const test = listSplit(data);
    return {
      name,
      test,
      validation: pseudoNewPeopleSplit(test.histories, data.userKeys, data.movieIds),
    };
  });

  const grid: { discount: AlsoLovedDiscount; figures: Record<string, Figures> }[] = [];
  for (const power of POWERS)
    for (const usersShare of power === 0 ? [0] : SHARES) {
      const discount = { power, usersShare };
      const figures: Record<string, Figures> = {};
      for (const s of splits) figures[s.name] = measure(s.validation, discount);
      grid.push({ discount, figures });
      console.log(`validation ${label(discount)}`);
      for (const s of splits) console.log(line(s.name, figures[s.name]));
    }
  const eligible = grid.filter((g) =>
    splits.every((s) => g.figures[s.name].coverage >= MIN_COVERAGE),
  );
  const meanTail = (g: (typeof grid)[number]) =>
    splits.reduce((sum, s) => sum + g.figures[s.name]['tail-p@10'], 0) / splits.length;
  const chosen = eligible.reduce((a, b) => (meanTail(b) > meanTail(a) ? b : a));
  const shipped = label(alsoLovedDiscount) === label(chosen.discount);
  console.log(
    `chosen on validation: ${label(chosen.discount)} (mean tail P@10 ${meanTail(chosen).toFixed(4)}); ` +
      `shipped: ${label(alsoLovedDiscount)}${shipped ? ' (the same)' : ' (DIFFERENT)'}`,
  );

  const anchors = readListAnchors(path.join(sharedDir, 'ANCHORS.md'));
  const test: Record<string, Record<string, Figures>> = {};
  for (const s of splits) {
    const plain = measure(s.test, { power: 0, usersShare: 0 });
    const ships = measure(s.test, alsoLovedDiscount);
    const anchor = bestListAnchor(anchors, 'D', s.name, 'tail-p@10');
    test[s.name] = { 'plain count': plain, [`shipped (${label(alsoLovedDiscount)})`]: ships };
    console.log(`test people, ${s.name}`);
    console.log(line('plain count (before)', plain));
    console.log(line(`shipped (${label(alsoLovedDiscount)})`, ships));
    if (anchor)
      console.log(`  best D anchor tail P@10: ${anchor.value.toFixed(4)} (${anchor.model})`);
  }
  const file = writeResult('also-loved', {
    benchmark: 'also-loved',
    commit: currentCommit(),
    date: new Date().toISOString(),
    machine: machineDescription(null),
    protocol: 'D',
    minCoverage: MIN_COVERAGE,
    chosen: chosen.discount,
    shipped: alsoLovedDiscount,
    validation: grid,
    test,
  });
  console.log(`results: ${file}`);
}
