import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { EngineService } from '../../main/engine/runtime/engine-service';
import { pretrainedEngine, type PretrainedEngine } from '../helpers/engine-fixture';
import { plantedDataset } from '../helpers/planted-dataset';

/**
 * Issue 12, item 8: a movie a profile marked "not interested" is hidden from every list for that
 * profile (for you, similar movies, also loved) and reaches the model as a low rating, while the
 * profile's rating count stays its own ratings.
 */
const dataset = plantedDataset({ nUsers: 200, nItems: 400, ratingsPerUser: 40, seed: 21 });
const notInterested = new Map<number, { movieId: number; markedAt: number }[]>();
let engine: PretrainedEngine;
let service: EngineService;

function markNotInterested(profileId: number, movieIds: number[]): void {
  const marks = movieIds.map((movieId, k) => ({ movieId, markedAt: 5000 + k }));
  notInterested.set(profileId, [...(notInterested.get(profileId) ?? []), ...marks]);
  service.ratingsChanged(profileId);
}

beforeAll(async () => {
  engine = await pretrainedEngine(
    dataset,
    { model: 'biased-mf', seed: 3, settings: { epochs: 6, dim: 16 } },
    { notInterested: (id) => notInterested.get(id) ?? [], fineTuneDebounceMs: 10_000 },
  );
  service = engine.service;
  for (const profileId of [1, 2]) {
    engine.ratings.set(
      profileId,
      [3, 7, 11, 19, 23].map((movieId, k) => ({ movieId, rating: 4.5, ratedAt: 1000 + k })),
    );
  }
});
afterAll(() => engine?.close());

const request = { limit: 50, minPopularity: 0, diversity: 0 };

describe('not-interested movies', () => {
  test('never appear in the profile’s for-you list, only in its own', async () => {
    const before = (await service.forYou({ profileId: 1, ...request })).items.map(
      (i) => i.movie.id,
    );
    const hidden = before.slice(0, 5);
    markNotInterested(1, hidden);
    const after = await service.forYou({ profileId: 1, ...request, limit: 200 });
    expect(after.items.length).toBeGreaterThan(0);
    expect(after.items.map((i) => i.movie.id).filter((id) => hidden.includes(id))).toEqual([]);
    // The other profile, with the same ratings, still sees them.
    const other = (await service.forYou({ profileId: 2, ...request })).items.map((i) => i.movie.id);
    expect(other.slice(0, 5)).toEqual(hidden);
  });

  test('never appear in similar movies or also-loved for that profile', async () => {
    const seed = 40;
    const similar = (await service.similarMovies({ movieId: seed, limit: 10 })).items.map(
      (i) => i.movie.id,
    );
    const also = (await service.alsoLoved({ movieId: seed, limit: 10 })).items.map(
      (i) => i.movie.id,
    );
    const hidden = [...new Set([...similar.slice(0, 3), ...also.slice(0, 3)])];
    markNotInterested(1, hidden);
    const shown = [
      ...(await service.similarMovies({ movieId: seed, limit: 50, profileId: 1 })).items,
      ...(await service.alsoLoved({ movieId: seed, limit: 50, profileId: 1 })).items,
    ].map((i) => i.movie.id);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.filter((id) => hidden.includes(id))).toEqual([]);
    // Without a profile, or for another one, the lists are unchanged.
    const anyone = (await service.similarMovies({ movieId: seed, limit: 10 })).items;
    expect(anyone.map((i) => i.movie.id)).toEqual(similar);
    const other = (await service.similarMovies({ movieId: seed, limit: 10, profileId: 2 })).items;
    expect(other.map((i) => i.movie.id)).toEqual(similar);
  });

  test('count as a low rating for the model but not as the profile’s ratings', async () => {
    // Profile 3 has no ratings: a not-interested mark alone moves it off the "no history" state.
    expect((await service.forYou({ profileId: 3, ...request })).freshness.personalModel).toBe(
      'none',
    );
    const top = (await service.forYou({ profileId: 3, ...request })).items[0].movie.id;
    markNotInterested(3, [top]);
    const after = await service.forYou({ profileId: 3, ...request });
    expect(after.freshness.personalModel).toBe('folded-in');
    expect(after.items.map((i) => i.movie.id)).not.toContain(top);
    expect((await service.status(3)).profile).toMatchObject({ ratingCount: 0 });
  });
});
