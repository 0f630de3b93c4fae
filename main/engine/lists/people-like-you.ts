import type { LikeMindedPerson, MovieSummary, RecommendedMovie } from '../../../shared/domain';
import type { ListData } from './list-data';
import { lovedThreshold, nearestUsers, type MovieLookup, type Person } from './person';

/**
 * "People like you": the dataset users whose vectors are nearest to the profile's. Only dataset
 * users are candidates: household profiles never appear and their ratings are never read. For each:
 * similarity, movies both rated and the share rated within one star, shared favourites, and the
 * movies they loved that the profile has not rated (their top-rated ones when none reaches 4.5).
 */
export interface PeopleLikeYouOptions {
  limit: number;
  favourites?: number;
  loved?: number;
}

interface Draft {
  similarity: number;
  commonRated: number;
  agreement: number | null;
  favourites: number[];
  loved: { item: number; rating: number }[];
}

export function peopleLikeYou(
  data: ListData,
  person: Person,
  lookup: MovieLookup,
  opts: PeopleLikeYouOptions,
): LikeMindedPerson[] {
  const byUser = data.byUser;
  if (!byUser) return [];
  const nFav = opts.favourites ?? 5;
  const nLoved = opts.loved ?? 5;
  const love = lovedThreshold(data);
  const { model } = data;
  const scores = data.scratch;
  model.scoreAll(person.state, person.history, scores);
  const mine = person.ratingOf;

  const drafts: Draft[] = nearestUsers(data, person.state.userVector, opts.limit).map(
    ({ user, similarity }) => {
      let common = 0;
      let agree = 0;
      const favourites: { item: number; sum: number }[] = [];
      const loved: { item: number; rating: number }[] = [];
      let top = -Infinity;
      for (let p = byUser.start[user]; p < byUser.start[user + 1]; p++) {
        const item = byUser.cols[p];
        const theirs = byUser.values[p];
        const m = mine[item];
        if (m === m) {
          common++;
          if (Math.abs(m - theirs) <= 1) agree++;
          if (m >= 4 && theirs >= 4) favourites.push({ item, sum: m + theirs });
        } else {
          loved.push({ item, rating: theirs });
          if (theirs > top) top = theirs;
        }
      }
      const cut = Math.min(love, top);
      const lovedPicked = loved
        .filter((l) => l.rating >= cut)
        .sort((a, b) => b.rating - a.rating || scores[b.item] - scores[a.item])
        .slice(0, nLoved);
      return {
        similarity,
        commonRated: common,
        agreement: common > 0 ? agree / common : null,
        favourites: favourites
          .sort((a, b) => b.sum - a.sum || a.item - b.item)
          .slice(0, nFav)
          .map((f) => f.item),
        loved: lovedPicked,
      };
    },
  );

  const lovedCount = new Map<number, number>();
  for (const dr of drafts)
    for (const l of dr.loved) lovedCount.set(l.item, (lovedCount.get(l.item) ?? 0) + 1);
  const ids = new Set<number>();
  for (const dr of drafts) {
    dr.favourites.forEach((i) => ids.add(model.movieIds[i]));
    dr.loved.forEach((l) => ids.add(model.movieIds[l.item]));
  }
  const movies = lookup([...ids]);
  const summary = (i: number): MovieSummary | undefined => movies.get(model.movieIds[i]);
  return drafts.map((dr, rank) => {
    const label = `Viewer ${rank + 1}`;
    const predicted = model.predictsRatings
      ? model.predictRatings(
          person.state,
          person.history,
          Int32Array.from(dr.loved, (l) => l.item),
        )
      : null;
    const loved: RecommendedMovie[] = [];
    dr.loved.forEach((l, k) => {
      const movie = summary(l.item);
      if (!movie) return;
      const others = (lovedCount.get(l.item) ?? 1) - 1;
      loved.push({
        movie,
        score: scores[l.item],
        predictedRating: predicted ? predicted[k] : null,
        reason: {
          text:
            `${label} rated it ${l.rating.toFixed(1)}` +
            (others > 0
              ? `, and ${others} more like-minded ${others === 1 ? 'viewer' : 'viewers'} loved it`
              : ''),
          because: [],
          sharedGenres: [],
          sharedTags: [],
          likeMindedLovers: others + 1,
        },
      });
    });
    return {
      label,
      similarity: dr.similarity,
      commonRated: dr.commonRated,
      agreement: dr.agreement,
      sharedFavourites: dr.favourites
        .map(summary)
        .filter((m): m is MovieSummary => m !== undefined),
      loved,
    };
  });
}
