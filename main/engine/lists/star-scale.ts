import type { StarScale } from '../../../shared/domain';
import type { ListData } from './list-data';
import type { Person } from './person';

/** The mean of a profile's own ratings (marks left out) beside everyone's, or null. */
export function starScaleOf(data: ListData, person: Person): StarScale | null {
  const { items, ratings } = person.history;
  let sum = 0;
  let rated = 0;
  items.forEach((item, k) => {
    if (person.marked?.[item]) return;
    sum += ratings[k];
    rated++;
  });
  if (rated === 0 || Number.isNaN(data.ratingMean)) return null;
  return { yours: sum / rated, everyone: data.ratingMean, rated };
}
