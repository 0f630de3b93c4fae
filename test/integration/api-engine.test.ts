import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../shared/api';
import { BackendName } from '../../shared/domain';
import { getModelDefinition } from '../../main/engine/models';
import type { Service } from '../../main/service/create-service';
import { call, callError, openTestService, sharedDatasetDir } from '../helpers/service-fixture';

/** Toy Story, Star Wars, Pulp Fiction, Shawshank, Forrest Gump, Silence of the Lambs, Matrix, LOTR ×3. */
const rated = [1, 260, 296, 318, 356, 593, 2571, 4993, 5952, 7153];

describe('the engine through the API table', () => {
  let service: Service;
  let close: () => Promise<void>;
  const seen: Array<{ event: EventName; payload: EventPayload<EventName> }> = [];

  function waitForEvent<E extends EventName>(
    event: E,
    match: (payload: EventPayload<E>) => boolean,
    timeoutMs = 60_000,
  ): Promise<EventPayload<E>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ${event} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const stop = service.onEvent((name, payload) => {
        if (name === event && match(payload as unknown as EventPayload<E>)) {
          clearTimeout(timer);
          stop();
          resolve(payload as unknown as EventPayload<E>);
        }
      });
    });
  }

  beforeAll(async () => {
    ({ service, close } = openTestService());
    service.onEvent((event, payload) => seen.push({ event, payload }));
    await call(service, service.newSession(), 'catalogue.import', {
      source: sharedDatasetDir('ml-latest-small'),
      jobId: 'engine-import',
    });
  });
  afterAll(() => close());

  it('names its backend and says when there is no model yet', async () => {
    const session = service.newSession();
    const status = await call(service, session, 'engine.status', {});
    expect(BackendName.options).toContain(status.backend);
    expect(status.backendsTried.some((b) => b.ok && b.name === status.backend)).toBe(true);
    expect(status.model).toBeNull();
    expect((await call(service, session, 'app.info', {})).backend).toBe(status.backend);
    const profile = await call(service, session, 'profiles.create', { name: 'Early' });
    const error = await callError(service, session, 'recommend.forYou', { profileId: profile.id });
    expect(error.message).toMatch(/pretrain/);
  });

  it('pretrains in the worker with progress, and a cancel keeps the last model', async () => {
    const session = service.newSession();
    const result = await call(service, session, 'engine.pretrain', {
      jobId: 'pre-1',
      epochs: 2,
      seed: 7,
    });
    expect(result.model).toBeTruthy();
    const progress = seen
      .filter((s) => s.event === 'job.progress')
      .map((s) => s.payload as EventPayload<'job.progress'>)
      .filter((p) => p.jobId === 'pre-1');
    expect(progress.some((p) => p.kind === 'pretrain' && p.unit === 'epochs')).toBe(true);
    expect(
      seen.some(
        (s) => s.event === 'job.finished' && (s.payload as { jobId: string }).jobId === 'pre-1',
      ),
    ).toBe(true);
    const status = await call(service, session, 'engine.status', {});
    expect(status.model?.name).toBe(result.model);
    // Whether the model fine-tunes per person is its definition's, said over the API.
    expect(status.model?.fineTunes).toBe((await getModelDefinition(result.model)).fineTunes);

    const cancelling = waitForEvent('job.progress', (p) => p.jobId === 'pre-2').then(() =>
      call(service, session, 'jobs.cancel', { jobId: 'pre-2' }),
    );
    const error = await callError(service, session, 'engine.pretrain', {
      jobId: 'pre-2',
      epochs: 200,
      seed: 8,
    });
    expect(error.code).toBe('cancelled');
    expect(await cancelling).toEqual({ cancelled: true });
    expect((await call(service, session, 'engine.status', {})).model?.version).toBe(
      status.model?.version,
    );
  });

  it('fine-tunes after ratings change and relays profile.modelUpdated', async () => {
    const session = service.newSession();
    const profile = await call(service, session, 'profiles.create', { name: 'Rater' });
    const updated = waitForEvent('profile.modelUpdated', (p) => p.profileId === profile.id);
    for (const movieId of rated) {
      await call(service, session, 'ratings.set', { profileId: profile.id, movieId, rating: 4.5 });
    }
    // The fine-tune ran in the worker and timed itself: a real, positive duration.
    expect((await updated).seconds).toBeGreaterThan(0);

    const forYou = await call(service, session, 'recommend.forYou', {
      profileId: profile.id,
      limit: 10,
    });
    expect(forYou.items).toHaveLength(10);
    expect(forYou.items.every((item) => !rated.includes(item.movie.id))).toBe(true);
    expect(forYou.items.every((item) => item.reason.text.length > 0)).toBe(true);
    expect(forYou.freshness.personalModel).toBe('fine-tuned');
    expect(forYou.tags).toBeUndefined();

    // Only the movies viewers tagged as asked, best match first; a tag nobody gave lists none.
    const pixar = await call(service, session, 'recommend.forYou', {
      profileId: profile.id,
      limit: 10,
      tag: 'pixar',
    });
    expect(pixar.tags).toEqual(['Pixar']);
    const pixarFilms = [1, 3114, 68954, 2355]; // Toy Story, Toy Story 2, Up, A Bug's Life
    expect(pixar.items.length).toBeGreaterThan(0);
    expect(pixar.items.every((item) => pixarFilms.includes(item.movie.id))).toBe(true);
    expect(pixar.items.map((item) => item.match)).toEqual(
      [...pixar.items.map((item) => item.match)].sort((a, b) => (b ?? 0) - (a ?? 0)),
    );
    const none = await call(service, session, 'recommend.forYou', {
      profileId: profile.id,
      tag: 'no viewer wrote this',
    });
    expect(none).toMatchObject({ items: [], tags: [] });

    // Watch together takes the same tag, and a genre.
    const partner = await call(service, session, 'profiles.create', { name: 'Partner' });
    for (const movieId of [2355, 1, 480])
      await call(service, session, 'ratings.set', { profileId: partner.id, movieId, rating: 4 });
    const group = [profile.id, partner.id];
    const together = await call(service, session, 'recommend.together', { profileIds: group });
    expect(together.tags).toBeUndefined();
    const pixarTogether = await call(service, session, 'recommend.together', {
      profileIds: group,
      tag: 'pixar',
    });
    expect(pixarTogether.tags).toEqual(['Pixar']);
    expect(pixarTogether.items.length).toBeGreaterThan(0);
    expect(pixarTogether.items.every((item) => pixarFilms.includes(item.movie.id))).toBe(true);
    const comedies = await call(service, session, 'recommend.together', {
      profileIds: group,
      genre: 'Comedy',
      limit: 10,
    });
    expect(comedies.items).toHaveLength(10);
    expect(comedies.items.every((item) => item.movie.genres.includes('Comedy'))).toBe(true);
    expect(
      await call(service, session, 'recommend.together', {
        profileIds: group,
        tag: 'no viewer wrote this',
      }),
    ).toMatchObject({ items: [], tags: [] });

    // The movie page's panel: the first card's facts and place, none for a rated movie.
    const top = forYou.items[0];
    const page = await call(service, session, 'recommend.forMovie', {
      profileId: profile.id,
      movieId: top.movie.id,
    });
    expect(page.rank).toBe(1);
    expect(page.item).toMatchObject({ match: top.match, predictedRating: top.predictedRating });
    expect(page.of).toBeGreaterThan(1000);
    const ratedPage = await call(service, session, 'recommend.forMovie', {
      profileId: profile.id,
      movieId: rated[0],
    });
    expect(ratedPage).toMatchObject({ item: null, rank: null, of: page.of });
    await expect(
      call(service, session, 'recommend.forMovie', { profileId: profile.id, movieId: 987654321 }),
    ).rejects.toMatchObject({ code: 'not-found' });

    // A watchlist's standings, in one call: each as its movie page would give it.
    const tenth = forYou.items[9];
    const many = await call(service, session, 'recommend.forMovies', {
      profileId: profile.id,
      movieIds: [tenth.movie.id, rated[0], 987654321, top.movie.id],
    });
    const tenthPage = await call(service, session, 'recommend.forMovie', {
      profileId: profile.id,
      movieId: tenth.movie.id,
    });
    expect(many).toMatchObject({
      of: page.of,
      movies: [
        {
          movieId: tenth.movie.id,
          match: tenth.match,
          predictedRating: tenthPage.item!.predictedRating,
          rank: tenthPage.rank,
          rated: false,
        },
        { movieId: rated[0], match: null, rank: null, rated: true },
        { movieId: 987654321, match: null, rank: null, rated: false },
        { movieId: top.movie.id, match: top.match, rank: 1, rated: false },
      ],
    });

    const similar = await call(service, session, 'recommend.similarMovies', {
      movieId: 1,
      limit: 5,
    });
    expect(similar.items.map((i) => i.movie.id)).not.toContain(1);
    const people = await call(service, session, 'recommend.peopleLikeYou', {
      profileId: profile.id,
      limit: 3,
    });
    expect(people.people.length).toBeGreaterThan(0);
    expect(people.people[0].label).toMatch(/^Viewer/);
    // The service says how many movies a viewer must share, and every one listed does.
    expect(people.inCommonNeeded).toBeGreaterThan(1);
    for (const person of people.people)
      expect(person.commonRated).toBeGreaterThanOrEqual(people.inCommonNeeded!);

    const tuned = await call(service, session, 'engine.finetune', {
      profileId: profile.id,
      jobId: 'ft-1',
    });
    expect(tuned.ratings).toBe(rated.length);
    const status = await call(service, session, 'engine.status', { profileId: profile.id });
    expect(status.profile).toMatchObject({
      profileId: profile.id,
      state: 'fine-tuned',
      ratingCount: rated.length,
    });
  });

  it('keeps a locked profile’s lists from other sessions', async () => {
    const owner = service.newSession();
    const profile = await call(service, owner, 'profiles.create', {
      name: 'Private',
      passphrase: 'secret-1',
    });
    await call(service, owner, 'ratings.set', { profileId: profile.id, movieId: 1, rating: 5 });
    const other = service.newSession();
    for (const channel of [
      'recommend.forYou',
      'recommend.peopleLikeYou',
      'engine.status',
    ] as const) {
      expect(
        (await callError(service, other, channel, { profileId: profile.id })).code,
        channel,
      ).toBe('locked');
    }
    expect(
      (await callError(service, other, 'engine.finetune', { profileId: profile.id, jobId: 'x' }))
        .code,
    ).toBe('locked');
  });
});
