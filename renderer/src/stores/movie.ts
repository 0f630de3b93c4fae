import { create } from 'zustand';
import type { Response } from '../../../shared/api';
import type { MovieDetails, RecommendedMovie } from '../../../shared/domain';
import { call } from '../api/client';
import { describeFailure, isStaleFor } from './failures';
import { registerProfileScoped } from './profile-scope';
import { useRatings } from './ratings';
import { rememberMovieTitle } from '../util/place-names';

interface Section<T> {
  data: T | null;
  error: string | null;
}

interface MovieState {
  movieId: number | null;
  details: Section<MovieDetails>;
  similar: Section<RecommendedMovie[]>;
  alsoLoved: Section<RecommendedMovie[]>;
  /** How much the current profile would like it: its For you card and place in that list. */
  forYou: Section<Response<'recommend.forMovie'>>;
  /** The data the model learnt from, when it is not the release the lists read (a pretrain is due). */
  trainedOn: string | null;
  load: (movieId: number, profileId: number | null) => Promise<void>;
}

/** Cards per list on the page. */
const shown = 12;

/** The first `shown` of `items` that `above` does not hold. */
function besides(items: RecommendedMovie[], above: RecommendedMovie[]): RecommendedMovie[] {
  const ids = new Set(above.map((m) => m.movie.id));
  return items.filter((m) => !ids.has(m.movie.id)).slice(0, shown);
}

const empty = { data: null, error: null };
const initial = {
  movieId: null,
  details: empty,
  similar: empty,
  alsoLoved: empty,
  forYou: empty,
  trainedOn: null,
};

export const useMovie = create<MovieState>((set, get) => ({
  ...initial,
  load: async (movieId, profileId) => {
    set({ ...initial, movieId });
    const who = profileId === null ? {} : { profileId };
    const current = () =>
      get().movieId === movieId && (profileId === null || !isStaleFor(profileId));
    const settle = async <T>(
      key: 'details' | 'similar' | 'alsoLoved' | 'forYou',
      work: Promise<T>,
    ) => {
      try {
        const data = await work;
        if (current()) set({ [key]: { data, error: null } } as Partial<MovieState>);
        return data;
      } catch (error) {
        if (current())
          set({
            [key]: { data: null, error: describeFailure(error, profileId) ?? 'Cancelled.' },
          } as Partial<MovieState>);
        return null;
      }
    };
    const ratingsAsked = useRatings.getState().version;
    const details = settle('details', call('movies.get', { movieId, ...who }));
    const similarAnswer = call('recommend.similarMovies', { movieId, ...who, limit: shown });
    const similarItems = similarAnswer.then((r) => r.items);
    similarAnswer.then(
      (r) => current() && set({ trainedOn: r.freshness.trainedOn ?? null }),
      () => {},
    );
    const similar = settle('similar', similarItems);
    // Similar movies mix in what the fans loved, so the second list shows the rest of it.
    const alsoLoved = settle(
      'alsoLoved',
      Promise.all([
        call('recommend.alsoLoved', { movieId, ...who, limit: 2 * shown }),
        similarItems.catch((): RecommendedMovie[] => []),
      ]).then(([r, above]) => besides(r.items, above)),
    );
    const forYou =
      profileId === null
        ? null
        : settle('forYou', call('recommend.forMovie', { movieId, profileId }));
    const loaded = await details;
    if (loaded) rememberMovieTitle(movieId, loaded.title);
    if (loaded && profileId !== null && current()) {
      useRatings.getState().remember(profileId, movieId, loaded.yourRating, ratingsAsked);
    }
    await Promise.all([similar, alsoLoved, forYou]);
  },
}));

registerProfileScoped(() => useMovie.setState(initial));
