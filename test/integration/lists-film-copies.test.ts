import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RecommendedMovie } from '../../shared/domain';
import type { Db } from '../../main/catalogue/db';
import { releaseListSource } from '../../main/catalogue/list-source';
import { activeRelease } from '../../main/catalogue/releases';
import { sameFilmGroups } from '../../main/catalogue/same-films';
import { searchPage } from '../../main/catalogue/search';
import { loadEngineDataset } from '../../main/catalogue/training-data';
import type { EngineDataset } from '../../main/core/engine-dataset';
import { alsoLoved } from '../../main/engine/lists/also-loved';
import { forMovie } from '../../main/engine/lists/for-movie';
import { forYou } from '../../main/engine/lists/for-you';
import { disposeListData, listDataFrom, type ListData } from '../../main/engine/lists/list-data';
import { peopleLikeYou } from '../../main/engine/lists/people-like-you';
import { makePerson, type MovieLookup, type Person } from '../../main/engine/lists/person';
import { similarMovies } from '../../main/engine/lists/similar-movies';
import { watchTogether } from '../../main/engine/lists/watch-together';
import type { PersonHistory, TrainedModel } from '../../main/engine/models/model-definition';
import { importRelease } from '../../main/importers/import-release';
import { freshCatalogue, removeTempDirs } from '../fixtures/catalogue-helpers';
import { catalogueWithModel, movieLookupOf, pretrainedEngine } from '../helpers/engine-fixture';
import { sharedDatasetDir } from '../helpers/service-fixture';

/**
 * ml-100k lists 18 films under two item ids each ("Chasing Amy (1997)" twice, with ratings of
 * their own). Before, the similar movies of one copy began with the other ("100% similar"), and a
 * profile that rated one copy was offered the other. Now no list shows a copy of the film it is
 * about or of a film the profile rated, nor two copies of one film; read from the catalogue as
 * the app reads it.
 */
let db: Db;
let dataset: EngineDataset;
let model: TrainedModel;
let data: ListData;
let lookup: MovieLookup;
let groups: number[][];
/** The film of each copy: its group. */
const filmOf = new Map<number, number[]>();

beforeAll(async () => {
  ({ db, dataset, model } = await catalogueWithModel('ml-100k', { seed: 3, settings: {} }));
  data = listDataFrom(model, releaseListSource(db));
  await data.loadRatings();
  lookup = movieLookupOf(dataset);
  groups = sameFilmGroups(db, activeRelease(db)!.id);
  for (const group of groups) for (const id of group) filmOf.set(id, group);
});
afterAll(() => {
  if (data) disposeListData(data);
  db?.close();
  removeTempDirs();
});

function personOf(movieIds: number[], stars = 5): Person {
  const items = Int32Array.from(movieIds, (id) => data.itemOf.get(id)!);
  const history: PersonHistory = {
    items,
    ratings: new Float32Array(items.length).fill(stars),
    times: Float64Array.from(items, (_, k) => 1e12 + k),
  };
  return makePerson(data, history, model.foldIn(history));
}

/** The ids of a list that are copies of one film (the second copy on) or of `unwanted` films. */
function copiesIn(ids: number[], unwanted: number[] = []): number[] {
  const films = new Set(unwanted.map((id) => filmOf.get(id)).filter((f) => f !== undefined));
  const out: number[] = [];
  for (const id of ids) {
    const film = filmOf.get(id);
    if (!film) continue;
    if (films.has(film)) out.push(id);
    films.add(film);
  }
  return out;
}

const idsOf = (items: RecommendedMovie[]) => items.map((m) => m.movie.id);

describe('films a release lists twice', () => {
  test('ml-100k lists 18 films twice; ml-latest-small none (its same-titled pairs are different films)', async () => {
    expect(groups).toHaveLength(18);
    for (const group of groups) {
      expect(group).toHaveLength(2);
      const [a, b] = lookup(group).values();
      expect([a.title, a.year]).toEqual([b.title, b.year]);
    }
    expect(groups.map((g) => lookup(g).get(g[0])!.title)).toContain('Chasing Amy');
    expect(dataset.sameFilms).toHaveLength(18);
    // "Emma (1996)": the film and the TV film, told apart by their IMDb ids
    const small = freshCatalogue().db;
    try {
      await importRelease(small, sharedDatasetDir('ml-latest-small'));
      expect(sameFilmGroups(small, activeRelease(small)!.id)).toEqual([]);
      expect(loadEngineDataset(small).sameFilms).toEqual([]);
    } finally {
      small.close();
    }
  });

  test("similar movies and also loved never list the seed's other copy, nor two copies of a film", () => {
    for (const seed of groups.flat()) {
      const similar = idsOf(similarMovies(data, seed, lookup, 30));
      expect(similar.length, `similar to ${seed}`).toBe(30);
      expect(copiesIn(similar, [seed]), `similar to ${seed}`).toEqual([]);
      const also = idsOf(alsoLoved(data, seed, lookup, 30));
      expect(copiesIn(also, [seed]), `also loved with ${seed}`).toEqual([]);
    }
  });

  test('for you, people like you and watch together never offer a copy of a rated film, nor two copies', async () => {
    // one copy of each film rated: the other copies are what a list could wrongly offer
    const rated = groups.slice(0, 9).map((g) => g[0]);
    const person = personOf(rated);
    const list = idsOf(forYou(data, person, lookup, { limit: 1000 }));
    expect(list).toHaveLength(1000);
    expect(copiesIn(list, rated)).toEqual([]);
    for (const viewer of peopleLikeYou(data, person, lookup, { limit: 10, loved: 50 })) {
      expect(copiesIn(idsOf(viewer.loved), rated), viewer.label).toEqual([]);
    }
    const other = personOf(groups.slice(9).map((g) => g[1]));
    const members = [
      { profileId: 1, person },
      { profileId: 2, person: other },
    ];
    const together = watchTogether(data, members, lookup, { limit: 500 }).map((m) => m.movie.id);
    expect(copiesIn(together, [...rated, ...groups.slice(9).map((g) => g[1])])).toEqual([]);
  });

  test("a movie page's place on For you is its place on the list, with one copy of each film", () => {
    const person = personOf([groups[0][0], groups[1][0], groups[2][0]]);
    const list = forYou(data, person, lookup, { limit: 300 });
    list.forEach((m, k) => {
      if (k % 10 !== 0 && !filmOf.has(m.movie.id)) return;
      expect(forMovie(data, person, lookup, m.movie.id).rank, m.movie.title).toBe(k + 1);
    });
    // the other copy of a rated film has no place: it has left the list with the rated one
    const ratedCopy = forMovie(data, person, lookup, groups[0][1]);
    expect(ratedCopy.rank).toBeNull();
    // For you ranks every film once: all movies but the 3 rated films' 6 copies, and one copy
    // of each of the 15 other films listed twice
    expect(ratedCopy.of).toBe(data.nItems - 6 - 15);
    expect(forMovie(data, person, lookup, list[0].movie.id).of).toBe(data.nItems - 21);
  });

  test('a film marked not interested leaves similar movies under either copy', async () => {
    const marks: { movieId: number; markedAt: number }[] = [];
    const engine = await pretrainedEngine(
      dataset,
      { model: 'biased-mf', seed: 3, settings: {} },
      { notInterested: () => marks, fineTuneDebounceMs: 60_000 },
    );
    try {
      const { service } = engine;
      const similarTo = async (seed: number, profileId?: number) =>
        (await service.similarMovies({ movieId: seed, limit: 30, profileId })).items.map(
          (m) => m.movie.id,
        );
      // a seed whose list shows a copy of a film listed twice; the profile marks the other copy
      let listed: number | undefined;
      let chosen: number | undefined;
      for (const candidate of groups.flat()) {
        listed = (await similarTo(candidate)).find((id) => filmOf.has(id));
        if (listed !== undefined) {
          chosen = candidate;
          break;
        }
      }
      expect(listed, 'a list showing a copy').toBeDefined();
      const otherCopy = filmOf.get(listed!)!.find((id) => id !== listed)!;
      marks.push({ movieId: otherCopy, markedAt: 1 });
      service.ratingsChanged(1);
      expect(copiesIn(await similarTo(chosen!, 1), [otherCopy])).toEqual([]);
      expect(await similarTo(chosen!)).toContain(listed);
    } finally {
      await engine.close();
    }
  });

  test('search shows each film once, the copy with the most ratings, in every order and filter', () => {
    const rows = db.prepare('SELECT id, title, year, rating_count FROM movies WHERE id = ?');
    for (const group of groups) {
      const copies = group.map(
        (id) => rows.get(id) as { id: number; title: string; year: number; rating_count: number },
      );
      const kept = copies.reduce((a, b) => (b.rating_count > a.rating_count ? b : a)).id;
      const { title, year } = copies[0];
      // A letter typed twice at the end: no title holds the words, so the typo search answers.
      const typo = /[a-z]$/.test(title) ? title + title.slice(-1) : title;
      for (const [text, options] of [
        [title, {}],
        [title, { sort: 'year' }],
        [title, { yearFrom: year, yearTo: year }],
        [`${title} ${year}`, {}],
        [typo, {}],
      ] as const) {
        const page = searchPage(db, text, { ...options, limit: 50 });
        const shown = page.movies.filter((m) => group.includes(m.id)).map((m) => m.id);
        expect(shown, `${text} ${JSON.stringify(options)}`).toEqual([kept]);
        if (page.total < 50) expect(page.total).toBe(page.movies.length);
      }
    }
  });
});
