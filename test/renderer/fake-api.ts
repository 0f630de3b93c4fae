import {
  ApiError,
  type ApiClient,
  type Channel,
  type EventName,
  type EventPayload,
  type Request,
  type Response,
} from '../../shared/api';
import type { MovieSummary, Profile, RecommendedMovie, StarScale } from '../../shared/domain';
import { setApiClient } from '../../renderer/src/api/client';
import { starScaleSide } from '../../shared/star-scale';
import { fakeSearch } from './fake-search';

type Handler<C extends Channel> = (request: Request<C>) => Response<C> | Promise<Response<C>>;
type Handlers = { [C in Channel]?: Handler<C> };

/** An ApiClient in memory: handlers per channel, every call recorded, events pushed by the test. */
export class FakeApi implements ApiClient {
  readonly calls: Array<{ channel: Channel; request: unknown }> = [];
  private readonly handlers: Handlers = {};
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();

  handle<C extends Channel>(channel: C, handler: Handler<C>): this {
    (this.handlers as Record<string, unknown>)[channel] = handler;
    return this;
  }

  /** The channel's handler now, for a test's handler to build on. */
  handlerOf<C extends Channel>(channel: C): Handler<C> {
    const handler = this.handlers[channel] as Handler<C> | undefined;
    if (!handler) throw new Error(`The fake has no ${channel}`);
    return handler;
  }

  call<C extends Channel>(channel: C, request: Request<C>): Promise<Response<C>> {
    this.calls.push({ channel, request });
    const handler = this.handlers[channel] as Handler<C> | undefined;
    if (!handler) return Promise.reject(new ApiError('not-found', `The fake has no ${channel}`));
    return Promise.resolve().then(() => handler(request));
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    set.add(listener as (payload: unknown) => void);
    return () => set.delete(listener as (payload: unknown) => void);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(payload);
  }

  callsTo(channel: Channel): unknown[] {
    return this.calls.filter((c) => c.channel === channel).map((c) => c.request);
  }
}

export function movie(
  id: number,
  title: string,
  year: number,
  genres: string[],
  averageRating = 4,
  ratingCount = 100,
): MovieSummary {
  return { id, title, year, genres, averageRating, ratingCount };
}

/** As the service: the profile's mean rating beside the catalogue's (3.5★ in this world). */
function starScaleOf(ratings: Map<number, number>): StarScale | null {
  const own = [...ratings.values()];
  if (own.length === 0) return null;
  return { yours: own.reduce((a, r) => a + r, 0) / own.length, everyone: 3.5, rated: own.length };
}

export const movies: MovieSummary[] = [
  movie(1, 'Toy Story', 1995, ['Adventure', 'Animation', 'Comedy'], 3.9, 215),
  movie(2, 'The Matrix', 1999, ['Action', 'Sci-Fi'], 4.2, 278),
  movie(3, 'Pulp Fiction', 1994, ['Crime', 'Drama'], 4.2, 307),
  movie(4, 'Titanic', 1997, ['Drama', 'Romance'], 3.4, 140),
  movie(5, 'Alien', 1979, ['Horror', 'Sci-Fi'], 4.0, 146),
  movie(6, 'Toy Story 2', 1999, ['Animation', 'Comedy'], 3.9, 97),
];

export function recommended(
  m: MovieSummary,
  text: string,
  because: MovieSummary[] = [],
): RecommendedMovie {
  return {
    movie: m,
    score: 1,
    match: 90,
    predictedRating: 4.1,
    reason: {
      text,
      because: because.map((b, i) => ({ movieId: b.id, title: b.title, weight: 1 - i / 10 })),
      sharedGenres: [],
      sharedTags: [],
      likeMindedLovers: null,
      kind: because.length > 0 ? 'your-ratings' : 'people',
    },
  };
}

interface WorldOptions {
  catalogueMovies?: number;
  profiles?: Array<{ name: string; passphrase?: string; ratings?: Record<number, number> }>;
}

/**
 * A small believable service: profiles with passphrases and per-connection unlocking, ratings
 * per profile, search over a handful of movies, and lists that name the profile's ratings.
 */
export function fakeWorld(options: WorldOptions = {}): FakeApi {
  const api = new FakeApi();
  let nextId = 1;
  const profiles: Array<Profile & { passphrase?: string }> = [];
  const ratings = new Map<number, Map<number, number>>();
  const unlocked = new Set<number>();
  for (const p of options.profiles ?? []) {
    const id = nextId++;
    profiles.push({
      id,
      name: p.name,
      locked: !!p.passphrase,
      passphrase: p.passphrase,
      ratingCount: 0,
      createdAt: 0,
    });
    ratings.set(id, new Map(Object.entries(p.ratings ?? {}).map(([k, v]) => [Number(k), v])));
  }
  const visible = (p: Profile & { passphrase?: string }): Profile => ({
    id: p.id,
    name: p.name,
    locked: p.locked,
    createdAt: p.createdAt,
    // As the service: a locked profile's count is hidden until this connection opens it.
    ratingCount: p.locked && !unlocked.has(p.id) ? null : (ratings.get(p.id)?.size ?? 0),
  });
  const open = (profileId: number) => {
    const p = profiles.find((x) => x.id === profileId);
    if (!p) throw new ApiError('not-found', 'No such profile');
    if (p.locked && !unlocked.has(profileId)) throw new ApiError('locked', `${p.name} is locked`);
    return ratings.get(profileId)!;
  };
  const catalogueMovies = options.catalogueMovies ?? movies.length;

  return (
    api
      .handle('app.info', () => ({
        version: '0.1.0',
        dbPath: '/tmp/fake.db',
        backend: 'cpu',
        damage: null,
        catalogue: {
          movies: catalogueMovies,
          ratings: catalogueMovies * 10,
          users: 10,
          releases: [],
        },
      }))
      .handle('movies.genres', () => ['Action', 'Comedy', 'Drama', 'Sci-Fi'])
      // As the catalogue: tags with a word the text starts, below two letters none.
      .handle('search.tags', ({ text, limit }) =>
        text.trim().length < 2
          ? []
          : ['heist', 'pixar', 'space', 'space travel']
              .filter((tag) => tag.split(' ').some((w) => w.startsWith(text.trim().toLowerCase())))
              .slice(0, limit),
      )
      .handle('profiles.list', () => profiles.map(visible))
      .handle('profiles.create', ({ name, passphrase }) => {
        const id = nextId++;
        const p = {
          id,
          name,
          locked: !!passphrase,
          passphrase,
          ratingCount: 0,
          createdAt: Date.now(),
        };
        profiles.push(p);
        ratings.set(id, new Map());
        if (passphrase) unlocked.add(id);
        return visible(p);
      })
      .handle('profiles.rename', ({ profileId, name }) => {
        const p = profiles.find((x) => x.id === profileId)!;
        p.name = name;
        return visible(p);
      })
      .handle('profiles.delete', ({ profileId }) => {
        open(profileId); // As the service's dispatch: a locked profile must be opened first.
        profiles.splice(
          profiles.findIndex((x) => x.id === profileId),
          1,
        );
        return { ok: true as const };
      })
      .handle('profiles.lock', ({ profileId, passphrase }) => {
        const p = profiles.find((x) => x.id === profileId)!;
        Object.assign(p, { locked: true, passphrase });
        unlocked.add(profileId);
        return visible(p);
      })
      .handle('profiles.unlock', ({ profileId, passphrase }) => {
        const p = profiles.find((x) => x.id === profileId)!;
        if (p.passphrase !== passphrase) throw new ApiError('forbidden', 'Wrong passphrase');
        unlocked.add(profileId);
        return { ok: true as const };
      })
      .handle('profiles.signOut', () => {
        unlocked.clear();
        return { ok: true as const };
      })
      .handle('ratings.list', ({ profileId }) =>
        [...open(profileId)].map(([movieId, rating]) => ({
          movieId,
          rating,
          ratedAt: 1_700_000_000_000 + movieId,
          movie: movies.find((m) => m.id === movieId)!,
        })),
      )
      .handle('ratings.set', ({ profileId, movieId, rating }) => {
        open(profileId).set(movieId, rating);
        return { ok: true as const };
      })
      .handle('ratings.clear', ({ profileId, movieId }) => {
        open(profileId).delete(movieId);
        return { ok: true as const };
      })
      .handle('search.movies', (request) => fakeSearch(movies, request))
      .handle('movies.get', ({ movieId, profileId }) => {
        const m = movies.find((x) => x.id === movieId);
        if (!m) throw new ApiError('not-found', 'No such movie');
        const yourRating = profileId === undefined ? null : (open(profileId).get(movieId) ?? null);
        const ratingSpread = fakeSpread(m.ratingCount, m.averageRating);
        return { ...m, imdbId: null, tmdbId: null, tags: ['classic'], yourRating, ratingSpread };
      })
      .handle('movies.onboarding', ({ exclude }) =>
        movies.filter((m) => !(exclude ?? []).includes(m.id)).slice(0, 5),
      )
      .handle('recommend.forYou', ({ profileId }) => {
        const mine = open(profileId);
        const liked = movies.filter((m) => (mine.get(m.id) ?? 0) >= 4);
        const items = movies
          .filter((m) => !mine.has(m.id))
          .map((m) =>
            recommended(
              m,
              liked.length ? 'Close to movies you loved' : 'Popular and well liked',
              liked,
            ),
          );
        return {
          items,
          freshness: { modelName: 'fake-mf', personalModel: 'folded-in' as const, computedMs: 3 },
          starScale: starScaleOf(mine),
        };
      })
      .handle('recommend.forMovie', ({ profileId, movieId }) => {
        // As the service: the movie's place among the unrated, by the fake For you's order.
        const mine = open(profileId);
        const unrated = movies.filter((m) => !mine.has(m.id));
        const freshness = {
          modelName: 'fake-mf',
          personalModel: 'folded-in' as const,
          computedMs: 1,
        };
        const at = unrated.findIndex((m) => m.id === movieId);
        const starScale = starScaleOf(mine);
        if (at < 0) return { item: null, rank: null, of: unrated.length, freshness, starScale };
        const liked = movies.filter((m) => (mine.get(m.id) ?? 0) >= 4);
        const item = liked.length
          ? recommended(unrated[at], `Because you liked ${liked[0].title}`, liked.slice(0, 1))
          : null;
        return { item, rank: at + 1, of: unrated.length, freshness, starScale };
      })
      .handle('recommend.forMovies', ({ profileId, movieIds }) => {
        // As the service: each movie's place among the unrated, by the fake For you's order.
        const mine = open(profileId);
        const unrated = movies.filter((m) => !mine.has(m.id));
        return {
          movies: movieIds.map((movieId) => {
            const at = unrated.findIndex((m) => m.id === movieId);
            const rank = at < 0 ? null : at + 1;
            if (mine.has(movieId) || rank === null)
              return {
                movieId,
                match: null,
                predictedRating: null,
                rank,
                rated: mine.has(movieId),
              };
            const match = mine.size > 0 ? 90 : null;
            return { movieId, match, predictedRating: match && 4.1, rank, rated: false };
          }),
          of: unrated.length,
          freshness: { modelName: 'fake-mf', personalModel: 'folded-in' as const, computedMs: 1 },
          starScale: starScaleOf(mine),
        };
      })
      .handle('recommend.similarMovies', ({ movieId }) => ({
        items: movies
          .filter((m) => m.id !== movieId)
          .slice(0, 3)
          .map((m) => {
            const item = recommended(m, 'Similar in the movie space');
            // As the service: the genres each shares with the seed.
            const seedGenres = movies.find((x) => x.id === movieId)?.genres ?? [];
            item.reason.sharedGenres = m.genres.filter((g) => seedGenres.includes(g));
            return item;
          }),
        freshness: { modelName: 'fake-mf', personalModel: 'none' as const, computedMs: 1 },
      }))
      .handle('recommend.alsoLoved', ({ movieId }) => ({
        items: movies
          .filter((m) => m.id !== movieId)
          .slice(2, 4)
          .map((m) => recommended(m, 'Loved by 12 of its fans')),
      }))
      .handle('recommend.peopleLikeYou', ({ profileId }) => {
        open(profileId);
        return {
          people: [
            {
              label: 'Viewer 1',
              similarity: 0.82,
              commonRated: 7,
              agreeing: 6,
              agreement: 6 / 7,
              bothLoved: 1,
              sharedFavourites: [movies[1]],
              loved: [recommended(movies[4], 'Viewer 1 loved it')],
            },
          ],
          freshness: { modelName: 'fake-mf', personalModel: 'none' as const, computedMs: 1 },
        };
      })
      .handle('recommend.together', ({ profileIds, genre, decade, minPopularity }) => {
        const rated = profileIds.map(open); // As the service: every locked member must be open.
        return {
          members: profileIds.map((id, k) => ({
            profileId: id,
            name: profiles.find((p) => p.id === id)!.name,
            starsRun: starScaleSide(starScaleOf(rated[k])),
          })),
          items: movies
            .filter((m) => rated.every((r) => !r.has(m.id)))
            .filter((m) => genre === undefined || m.genres.includes(genre))
            .filter(
              (m) => decade === undefined || (m.year !== null && m.year - (m.year % 10) === decade),
            )
            .filter((m) => m.ratingCount >= (minPopularity ?? 0))
            .map((m, k) => ({
              movie: m,
              score: 1 - k / 10,
              // as the engine: a member without ratings has neither a match nor predicted stars
              members: profileIds.map((id, j) => ({
                profileId: id,
                match: rated[j].size > 0 ? 90 - 10 * j - k : null,
                predictedRating: rated[j].size > 0 ? 4.5 - j / 2 : null,
              })),
              reason: {
                ...recommended(m, 'Best shared match: nobody is left out').reason,
                kind: 'together' as const,
              },
            })),
          modelName: 'fake-mf',
          computedMs: 2,
        };
      })
      .handle('taste.summary', ({ profileId }) => {
        const mine = open(profileId);
        return {
          ratingDistribution: [...mine.values()].map((rating) => ({ rating, count: 1 })),
          genres: [{ genre: 'Sci-Fi', count: mine.size, averageRating: 4 }],
          decades: [{ decade: 1990, count: mine.size, averageRating: 4 }],
          everyone: {
            release: 'ml-latest-small',
            ratingDistribution: [1, 3, 2, 7, 5, 20, 13, 27, 8, 14].map((count, k) => ({
              rating: (k + 1) / 2,
              count,
            })),
            averageRating: 3.5,
            genres: [{ genre: 'Sci-Fi', averageRating: 3.6 }],
          },
        };
      })
      .handle('engine.status', () => ({
        backend: 'cpu' as const,
        backendsTried: [{ name: 'cpu' as const, ok: true }],
        model: null,
        profile: null,
      }))
      .handle('catalogue.backups', () => ({
        folder: '/home/a/.config/movie-assistant/backups',
        count: 0,
        keep: 7,
        bytes: 0,
        newest: null,
      }))
      .handle('jobs.cancel', () => ({ cancelled: true }))
  );
}

/** Installs a fake as the renderer's client and returns it. */
export function useFakeApi(api: FakeApi = fakeWorld()): FakeApi {
  setApiClient(api);
  return api;
}

/** A made-up rating spread of `count` ratings: most at the average's half star, some either side. */
export function fakeSpread(count: number, average: number | null): number[] {
  const spread = new Array<number>(10).fill(0);
  if (count === 0 || average === null) return spread;
  const at = Math.min(9, Math.max(0, Math.round(average * 2) - 1));
  const side = Math.floor(count / 5);
  spread[Math.max(0, at - 1)] += side;
  spread[Math.min(9, at + 1)] += side;
  spread[at] += count - 2 * side;
  return spread;
}

/** The catalogue of `api` learns from ml-100k (its only release, in use); as app.info says it. */
export function learningFromMl100k(api: FakeApi): void {
  const info = api.handlerOf('app.info');
  api.handle('app.info', async (request) => {
    const answer = await info(request);
    const release = { id: 2, format: 'ml-100k', source: '/data/ml-100k', starter: false };
    const counts = { movies: 1682, ratings: 100_000, users: 943, importedAt: 0, active: true };
    return { ...answer, catalogue: { ...answer.catalogue, releases: [{ ...release, ...counts }] } };
  });
}
