import { forYouPage } from '../../../shared/domain';
import type { ListData } from './list-data';
import type { Person } from './person';
import { becauseOf, type Because, type BecauseEntry } from './reasons';
import { topKOf } from './top-k';

/**
 * Ratings that add less than this share of the spread of a newcomer's first page (its best score
 * less its lowest) may go unnamed on a card: a share of the spread, not of the movie's own score,
 * because scores have no natural zero (a rating model's are stars, the default's are not).
 */
const minShareNamed = 0.25;

/**
 * What the ratings behind one card are weighed against: the first page of the list it is on
 * (whatever length is shown, so "load more" never changes a card, and a movie's page says what
 * its card on the unfiltered list says), and the same page for a profile with no ratings.
 */
export interface NamingBar {
  /** The lowest score on the first page a profile with no ratings would get (same filters). */
  newcomerCutoff: number;
  /** A pull below this is small: a quarter of that page's spread of scores. */
  smallPull: number;
  /** The median of what the profile's ratings add to the movies of its first page. */
  typicalPull: number;
}

/** The explanation of each movie, worked out once per list. */
export type Explain = (item: number) => Because;

export function explainer(data: ListData, person: Person): Explain {
  const known = new Map<number, Because>();
  return (item) => {
    let because = known.get(item);
    if (!because) known.set(item, (because = becauseOf(data, person, item)));
    return because;
  };
}

/** The bar for a list of the movies that `accept` lets in, ranked by `scores`. */
export function namingBar(
  data: ListData,
  scores: Float32Array,
  accept: (i: number) => boolean,
  explain: Explain,
): NamingBar {
  const newcomers = topKOf(data.newcomerScores, forYouPage, accept);
  const pulls = topKOf(scores, forYouPage, accept)
    .map((p) => explain(p.id).pull)
    .sort((a, b) => a - b);
  const mid = pulls.length >> 1;
  return {
    newcomerCutoff:
      newcomers.length < forYouPage ? -Infinity : newcomers[newcomers.length - 1].value,
    smallPull:
      newcomers.length === 0
        ? 0
        : minShareNamed * (newcomers[0].value - newcomers[newcomers.length - 1].value),
    typicalPull:
      pulls.length === 0 ? 0 : pulls.length % 2 ? pulls[mid] : (pulls[mid - 1] + pulls[mid]) / 2,
  };
}

/**
 * The rated movies to name on a card, or none when they are not why it is there: a profile with
 * no ratings would get it on the same page, and what they add to it is small or less than they
 * add to the page's typical movie. One 5★ for Paprika barely moves Pulp Fiction, there for being
 * popular and well liked, and "because you liked Paprika" would overclaim; it does lift Inception
 * into the list, which then names it. One 4★ for Toy Story lifts Pulp Fiction by a third of its
 * score, but less than it lifts most movies on the page.
 */
export function ratingsBehind(
  data: ListData,
  item: { id: number; value: number },
  explain: Explain,
  bar: NamingBar,
): BecauseEntry[] {
  const because = explain(item.id);
  const thereAnyway = data.newcomerScores[item.id] >= bar.newcomerCutoff;
  const slight = because.pull < bar.smallPull || because.pull < bar.typicalPull;
  return thereAnyway && slight ? [] : because.entries;
}
