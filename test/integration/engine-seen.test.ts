import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { EngineService } from '../../main/engine/runtime/engine-service';
import { pretrainedEngine, type PretrainedEngine } from '../helpers/engine-fixture';
import { plantedDataset } from '../helpers/planted-dataset';
import { seenStandIn } from '../../main/engine/runtime/profile-signals';

/**
 * A movie a profile marked "seen" (watched, not rated) leaves the lists of movies to watch (for
 * you, a movie's place on it, also loved, what like-minded viewers loved, watch together) but
 * stays among similar movies. The model takes it as a rating of seenStandIn (the mean of the
 * profile's ratings and two 3.5★, chosen on validation), while nothing says the profile rated it: not its rating count, not a reason
 * ("watched", never "liked"), not the films people like you share with it.
 */
const dataset = plantedDataset({ nUsers: 200, nItems: 400, ratingsPerUser: 40, seed: 22 });
const seen = new Map<number, { movieId: number; markedAt: number }[]>();
let engine: PretrainedEngine;
let service: EngineService;

function markSeen(profileId: number, movieIds: number[]): void {
  const marks = movieIds.map((movieId, k) => ({ movieId, markedAt: 5000 + k }));
  seen.set(profileId, [...(seen.get(profileId) ?? []), ...marks]);
  service.ratingsChanged(profileId);
}

beforeAll(async () => {
  engine = await pretrainedEngine(
    dataset,
    { model: 'biased-mf', seed: 3, settings: { epochs: 6, dim: 16 } },
    { seen: (id) => seen.get(id) ?? [], fineTuneDebounceMs: 10_000 },
  );
  service = engine.service;
  for (const profileId of [1, 2]) {
    engine.ratings.set(
      profileId,
      [3, 7, 11, 19, 23, 31, 42].map((movieId, k) => ({ movieId, rating: 4.5, ratedAt: 1000 + k })),
    );
  }
});
afterAll(() => engine?.close());

const request = { limit: 60, minPopularity: 0, diversity: 0 };
const idsOf = (items: { movie: { id: number } }[]) => items.map((i) => i.movie.id);

describe('movies marked seen', () => {
  test('leave For you, and reach the model as a rating of the profile’s mean, not as its own', async () => {
    const before = (await service.forYou({ profileId: 1, ...request })).items;
    const watched = idsOf(before).filter((_, k) => k % 4 === 1);
    markSeen(1, watched);
    const after = await service.forYou({ profileId: 1, ...request });
    expect(idsOf(after.items).filter((id) => watched.includes(id))).toEqual([]);
    // The model learnt from them: the other movies score otherwise, as after ratings of 3.5.
    expect(after.freshness.personalModel).toBe('folded-in');
    const score = (items: typeof before) => new Map(items.map((i) => [i.movie.id, i.score]));
    const was = score(before);
    expect(after.items.some((i) => was.has(i.movie.id) && was.get(i.movie.id) !== i.score)).toBe(
      true,
    );
    const rated = [...engine.ratings.get(2)!];
    const standIn = seenStandIn(rated.map((r) => r.rating));
    engine.ratings.set(5, [
      ...rated,
      ...watched.map((movieId, k) => ({ movieId, rating: standIn, ratedAt: 5000 + k })),
    ]);
    expect(idsOf((await service.forYou({ profileId: 5, ...request })).items)).toEqual(
      idsOf(after.items),
    );
    expect((await service.status(1)).profile).toMatchObject({ ratingCount: 7 });
    // A fine-tune learns from them too, and says it used the profile's 7 ratings.
    const job = { onProgress: () => {}, signal: new AbortController().signal };
    expect(await service.finetune(1, job)).toMatchObject({ ratings: 7 });
    // The other profile, with the same ratings, still gets them.
    expect(idsOf((await service.forYou({ profileId: 2, ...request })).items)).toEqual(
      idsOf(before),
    );
    const page = await service.forMovie({ profileId: 1, movieId: watched[0] });
    expect(page.rank).toBeNull();
    expect(
      (await service.forMovies({ profileId: 1, movieIds: [watched[0]] })).movies[0],
    ).toMatchObject({ rank: null });
  });

  test('are named as watched, never as liked, behind a recommendation', async () => {
    const popular = idsOf((await service.forYou({ profileId: 6, ...request })).items).slice(0, 8);
    markSeen(6, popular);
    const items = (await service.forYou({ profileId: 6, ...request })).items;
    const named = items.filter((i) => i.reason.kind === 'your-ratings');
    expect(named.length).toBeGreaterThan(0);
    for (const i of named) expect(i.reason.text).toMatch(/^Because you watched /);
  });

  test('are no ratings people like you could share', async () => {
    const films = [3, 7, 11, 19, 23, 31, 42];
    markSeen(7, films);
    expect((await service.peopleLikeYou({ profileId: 7, limit: 5 })).people).toEqual([]);
    // The same films rated: people who rated them too.
    expect((await service.peopleLikeYou({ profileId: 2, limit: 5 })).people.length).toBeGreaterThan(
      0,
    );
  });

  test('leave also loved and what like-minded viewers loved, not similar movies', async () => {
    // a movie whose lovers loved enough others
    let seedMovie = 0;
    let also: number[] = [];
    while (also.length < 6 && seedMovie < 200)
      also = idsOf(
        (await service.alsoLoved({ movieId: ++seedMovie, limit: 10, profileId: 3 })).items,
      );
    const similar = idsOf(
      (await service.similarMovies({ movieId: seedMovie, limit: 10, profileId: 3 })).items,
    );
    const people = await service.peopleLikeYou({ profileId: 1, limit: 5 });
    const loved = people.people.flatMap((p) => idsOf(p.loved));
    expect(loved.length).toBeGreaterThan(0);
    expect(also.length).toBeGreaterThan(3);
    markSeen(3, [...also.slice(0, 3), ...similar.slice(0, 3)]);
    markSeen(1, loved.slice(0, 4));
    const alsoAfter = idsOf(
      (await service.alsoLoved({ movieId: seedMovie, limit: 50, profileId: 3 })).items,
    );
    expect(alsoAfter.length).toBeGreaterThan(0);
    expect(alsoAfter.filter((id) => also.slice(0, 3).includes(id))).toEqual([]);
    expect(
      idsOf((await service.similarMovies({ movieId: seedMovie, limit: 10, profileId: 3 })).items),
    ).toEqual(similar);
    const lovedAfter = (await service.peopleLikeYou({ profileId: 1, limit: 5 })).people.flatMap(
      (p) => idsOf(p.loved),
    );
    expect(lovedAfter.length).toBeGreaterThan(0);
    expect(lovedAfter.filter((id) => loved.slice(0, 4).includes(id))).toEqual([]);
  });

  test('leave watch together when one member has seen them', async () => {
    const before = idsOf(
      (await service.together({ profileIds: [2, 4], limit: 10, minPopularity: 0 })).items,
    );
    markSeen(4, before.slice(0, 2));
    const after = idsOf(
      (await service.together({ profileIds: [2, 4], limit: 10, minPopularity: 0 })).items,
    );
    expect(after.length).toBeGreaterThan(0);
    expect(after.filter((id) => before.slice(0, 2).includes(id))).toEqual([]);
  });
});

describe("a seen film's stand-in rating", () => {
  test("is the mean of the profile's ratings and two 3.5★: near 3.5★ while it has rated little", () => {
    expect(seenStandIn([])).toBe(3.5);
    expect(seenStandIn([5])).toBe(4);
    expect(seenStandIn([1, 2])).toBe(2.5);
    expect(seenStandIn(Array.from({ length: 98 }, () => 5))).toBeCloseTo(4.97, 10);
  });
});
