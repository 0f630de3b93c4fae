import { forYouMost } from '../../shared/domain';
import { forMovie } from '../../main/engine/lists/for-movie';
import { personScorer } from '../../main/engine/lists/scorer';
import { forYou } from '../../main/engine/lists/for-you';
import type { ListData } from '../../main/engine/lists/list-data';
import { likeMindedUsers, minCommon, peopleLikeYou } from '../../main/engine/lists/people-like-you';
import { makePerson } from '../../main/engine/lists/person';
import { similarMovies } from '../../main/engine/lists/similar-movies';
import type { PersonHistory, TrainedModel } from '../../main/engine/models/model-definition';
import { chronologicalHistories } from '../../main/engine/models/sequence-data';
import { movieLookupOf, shippedDefaultListData } from '../helpers/engine-fixture';
import { loadMlLatestSmall } from '../helpers/movielens-csv';

/**
 * The rules that make the three lists trustworthy, on the shipped default model and the real
 * ml-latest-small (the model's own training data, as in the app after a first launch).
 */
const dataset = loadMlLatestSmall();
let model: TrainedModel;
let data: ListData;

const lookup = movieLookupOf(dataset);

/** A dataset user's first `n` ratings, as a profile in the model's item space. */
function profileOf(userKey: number, n?: number): PersonHistory {
  const u = dataset.userKeys.indexOf(userKey);
  const h = chronologicalHistories(dataset)[u];
  const end = n ?? Math.floor(h.items.length / 2);
  return {
    items: Int32Array.from(h.items.subarray(0, end), (i) => data.itemOf.get(dataset.movieIds[i])!),
    ratings: h.ratings.slice(0, end),
    times: h.times.slice(0, end),
  };
}

function personOf(history: PersonHistory) {
  return makePerson(data, history, model.foldIn(history));
}

beforeAll(async () => {
  ({ model, data } = await shippedDefaultListData(dataset));
});

const ids = (items: { movie: { id: number } }[]) => items.map((i) => i.movie.id);

describe("a movie's page says what its For you card says", () => {
  test.each([10, 130])('profile like dataset user %i', (key) => {
    const person = personOf(profileOf(key));
    const items = forYou(data, person, lookup, { limit: 24 });
    for (const k of [0, 1, 5, 23]) {
      const page = forMovie(data, person, lookup, items[k].movie.id);
      expect(page.rank).toBe(k + 1);
      expect(page.item!.match).toBe(items[k].match);
      expect(page.item!.predictedRating).toBe(items[k].predictedRating);
      expect(page.item!.score).toBe(items[k].score);
      // The card names its movies unless they add little and it would make the list anyway.
      if (items[k].reason.because.length > 0)
        expect(page.item!.reason.text).toBe(items[k].reason.text);
    }
    let unrated = 0;
    for (let i = 0; i < data.nItems; i++) if (person.rated[i] === 0) unrated++;
    const rated = data.model.movieIds[person.history.items[0]];
    expect(forMovie(data, person, lookup, rated)).toEqual({ item: null, rank: null, of: unrated });
    // a movie far down the list still gets its place and its card
    const far = data.model.movieIds.find(
      (_, i) =>
        person.rated[i] === 0 && !items.some((it) => it.movie.id === data.model.movieIds[i]),
    )!;
    const page = forMovie(data, person, lookup, far);
    expect(page.rank).toBeGreaterThan(24);
    expect(page.item!.match).toBeLessThanOrEqual(items[23].match!);
    // one beyond the most For you shows names no movie as its reason
    const scores = new Float32Array(data.nItems);
    personScorer(data.model, person.history, person.state).scoreAll(scores);
    const order = Array.from(scores.keys())
      .filter((i) => person.rated[i] === 0)
      .sort((a, b) => scores[b] - scores[a] || a - b);
    const beyond = forMovie(data, person, lookup, data.model.movieIds[order[forYouMost]]);
    expect(beyond.rank).toBe(forYouMost + 1);
    expect(beyond.item!.reason).toMatchObject({
      because: [],
      text: expect.stringMatching(/far down your list/),
    });
    const last = forMovie(data, person, lookup, data.model.movieIds[order[forYouMost - 1]]);
    expect(last.item!.reason.text).not.toMatch(/far down/);
  });
});

describe('for you tells the truth on every card', () => {
  test.each([10, 20, 130, 300])(
    'profile like dataset user %i: ordered by the match it shows, also with variety',
    (key) => {
      const person = personOf(profileOf(key));
      for (const diversity of [0, 1]) {
        const items = forYou(data, person, lookup, { limit: 24, diversity });
        expect(items).toHaveLength(24);
        for (let k = 1; k < items.length; k++) {
          expect(items[k - 1].score).toBeGreaterThanOrEqual(items[k].score);
          expect(items[k - 1].match!).toBeGreaterThanOrEqual(items[k].match!);
        }
        for (const it of items) {
          expect(it.match).toBeGreaterThanOrEqual(0);
          expect(it.match).toBeLessThanOrEqual(100);
        }
      }
    },
  );

  test.each([10, 50, 200])(
    'profile like dataset user %i: removing a named movie lowers the score more than removing any other',
    (key) => {
      const history = profileOf(key);
      const person = personOf(history);
      const items = forYou(data, person, lookup, { limit: 10 });
      const scores = new Float32Array(data.nItems);
      const without = (t: number): PersonHistory => {
        const keep = (_: unknown, j: number) => j !== t;
        return {
          items: history.items.filter(keep),
          ratings: history.ratings.filter(keep),
          times: history.times.filter(keep),
        };
      };
      const drops = Array.from(history.items, () => new Float64Array(items.length));
      history.items.forEach((_, t) => {
        const h = without(t);
        model.scoreAll(model.foldIn(h), h, scores);
        items.forEach((it, k) => {
          drops[t][k] = it.score - scores[data.itemOf.get(it.movie.id)!];
        });
      });
      let named = 0;
      items.forEach((it, k) => {
        const because = new Set(it.reason.because.map((b) => b.movieId));
        if (because.size === 0) return;
        named++;
        const dropOf = (t: number) => drops[t][k];
        const positions = [...history.items.keys()];
        const nameless = positions.filter((t) => !because.has(model.movieIds[history.items[t]]));
        const weakestNamed = Math.min(
          ...positions.filter((t) => because.has(model.movieIds[history.items[t]])).map(dropOf),
        );
        const strongestOther = Math.max(...nameless.map(dropOf));
        expect(weakestNamed).toBeGreaterThan(strongestOther - 1e-4);
        expect(it.reason.text).toMatch(/^Because you (liked|disliked|rated) /);
      });
      expect(named).toBeGreaterThan(5);
    },
  );
});

test('one 5★ is weak evidence: the predicted stars stay a guess, not 5.0 on every card', () => {
  const items = forYou(data, personOf(onlyOne(52885, 5)), lookup, { limit: 24 });
  const top = items.filter((it) => it.predictedRating! >= 4.95);
  expect(top.length).toBeLessThan(items.length / 4);
});

/** A profile whose one rating is `stars` for `movieId`. */
function onlyOne(movieId: number, stars: number): PersonHistory {
  return {
    items: Int32Array.of(data.itemOf.get(movieId)!),
    ratings: Float32Array.of(stars),
    times: Float64Array.of(1_700_000_000),
  };
}

describe('a card names the ratings behind it only when they are why it is there', () => {
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };

  test.each([
    ['one 5★ for Paprika', 52885, 5, [296, 356, 2571], [79132]],
    // Toy Story lifts Pulp Fiction by a third of its score, less than it lifts most of the page.
    ['one 4★ for Toy Story', 1, 4, [296, 356, 593, 2959], [3114, 4886]],
  ])(
    '%s: popular movies a newcomer gets too say so; the movies it lifts name it',
    (_, movieId, stars, popular, lifted) => {
      const person = personOf(onlyOne(movieId, stars));
      const items = forYou(data, person, lookup, { limit: 24 });
      const newcomerScores = new Float32Array(data.nItems);
      const none: PersonHistory = {
        items: new Int32Array(0),
        ratings: new Float32Array(0),
        times: new Float64Array(0),
      };
      model.scoreAll(model.foldIn(none), none, newcomerScores);
      const newcomer = (id: number) => newcomerScores[data.itemOf.get(id)!];
      const newcomerPage = [...newcomerScores]
        .filter((_, i) => i !== data.itemOf.get(movieId))
        .sort((a, b) => b - a)
        .slice(0, 24);
      const newcomerCutoff = newcomerPage[23];
      // Small: under a quarter of the spread of a newcomer's first page.
      const small = (newcomerPage[0] - newcomerCutoff) / 4;
      // With one rating, its pull is the whole difference from a newcomer's score.
      const pull = (id: number) => items.find((it) => it.movie.id === id)!.score - newcomer(id);
      const typical = median(items.map((it) => pull(it.movie.id)));
      for (const it of items) {
        const thereAnyway = newcomer(it.movie.id) >= newcomerCutoff - 1e-6;
        const slight = pull(it.movie.id) < Math.max(small, typical);
        if (it.reason.kind === 'starter') {
          expect(thereAnyway && slight).toBe(true);
          expect(it.reason.text).toMatch(/^Popular and well liked: /);
        } else {
          expect(thereAnyway && slight).toBe(false);
          expect(it.reason.text).toMatch(/^Because you liked /);
        }
      }
      const reasonOf = (id: number) => items.find((it) => it.movie.id === id)?.reason.kind;
      for (const id of popular) expect(reasonOf(id)).toBe('starter');
      for (const id of lifted) expect(reasonOf(id)).toBe('your-ratings');
    },
  );

  test('loading more or opening the movie leaves what a card says as it was', () => {
    const person = personOf(onlyOne(1, 4));
    const first = forYou(data, person, lookup, { limit: 24 });
    const more = forYou(data, person, lookup, { limit: 96 });
    first.forEach((it, k) => expect(more[k].reason.text).toBe(it.reason.text));
    for (const it of more) {
      const page = forMovie(data, person, lookup, it.movie.id);
      expect(page.item!.reason.text).toBe(it.reason.text);
    }
    // A list of five is weighed against the same first page as the list of 24.
    const five = forYou(data, person, lookup, { limit: 5 });
    five.forEach((it, k) => expect(it.reason.text).toBe(first[k].reason.text));
  });
});

describe('a new profile', () => {
  test('with no ratings gets starter picks: popular and well liked, not the catalogue in id order', () => {
    const empty = profileOf(10, 0);
    const items = forYou(data, personOf(empty), lookup, { limit: 24 });
    expect(items).toHaveLength(24);
    const got = ids(items);
    expect(got).not.toEqual([...got].sort((a, b) => a - b));
    for (const it of items) {
      expect(it.reason.kind).toBe('starter');
      expect(it.reason.text).toMatch(/^Popular and well liked: [\d,]+ ratings, average \d\.\d★$/);
      expect(it.match).toBeNull();
      expect(data.itemPopularity[data.itemOf.get(it.movie.id)!]).toBeGreaterThan(50);
    }
    // The Shawshank Redemption, Pulp Fiction, Forrest Gump: what people who rate a lot loved.
    expect(got.slice(0, 10)).toEqual(expect.arrayContaining([318, 296, 356]));
  });

  test('with five ratings moves to personal scores', () => {
    const five = profileOf(20, 5);
    const items = forYou(data, personOf(five), lookup, { limit: 24 });
    const starter = ids(forYou(data, personOf(profileOf(20, 0)), lookup, { limit: 24 }));
    expect(ids(items)).not.toEqual(starter);
    expect(items.some((it) => it.reason.kind === 'your-ratings')).toBe(true);
  });
});

describe('similar movies', () => {
  test('The Matrix, Empire Strikes Back and Toy Story get what a film lover expects, with reasons about people', () => {
    const matrix = ids(similarMovies(data, 2571, lookup, 10));
    // The Terminator, T2, Aliens, Alien, Die Hard, Blade Runner, The Fifth Element, Fight Club,
    // Star Wars IV and V, The Matrix Reloaded, Memento, Inception, Iron Man, X-Men, Gattaca,
    // Twelve Monkeys, Total Recall, Sin City, The Dark Knight, Minority Report
    const expected = [
      1240, 589, 1200, 1214, 1036, 541, 1527, 2959, 260, 1196, 6365, 4226, 79132, 59315, 3793, 1653,
      32, 2916, 32587, 58559, 5445,
    ];
    expect(matrix.filter((id) => expected.includes(id)).length).toBeGreaterThanOrEqual(6);
    // not the catalogue's favourites (Shawshank, Forrest Gump), nor American Wedding, Meet the
    // Fockers or 1408
    for (const id of [318, 356, 5283, 8974, 53129]) expect(matrix).not.toContain(id);
    // The other two films of the original trilogy first, though everyone loves A New Hope
    const empire = ids(similarMovies(data, 1196, lookup, 10));
    expect(empire.slice(0, 3)).toEqual(expect.arrayContaining([260, 1210]));
    const toy = similarMovies(data, 1, lookup, 10);
    expect(ids(toy).slice(0, 5)).toContain(3114); // Toy Story 2
    // Mostly films of its kind up front, not whatever the same people watched that year.
    const animated = toy.slice(0, 5).filter((it) => it.movie.genres.includes('Animation'));
    expect(animated.length).toBeGreaterThanOrEqual(3);
    for (const it of toy) expect(it.reason.text).toMatch(/people who loved Toy Story/);
    for (let k = 1; k < toy.length; k++)
      expect(toy[k - 1].match!).toBeGreaterThanOrEqual(toy[k].match!);
  });

  test('a movie few people loved gets films of its kind, not whatever its few fans loved', () => {
    // Moana: 10 ratings, 6 of them 4★ or more; four of those six loved Horrible Bosses.
    const moana = similarMovies(data, 166461, lookup, 10);
    expect(ids(moana).slice(0, 5)).not.toContain(87869);
    const animated = moana.slice(0, 5).filter((it) => it.movie.genres.includes('Animation'));
    expect(animated.length).toBeGreaterThanOrEqual(4);
  });
});

describe('people like you', () => {
  test.each([10, 40])(
    'profile like dataset user %i: ranked by the match shown, with enough movies in common',
    (key) => {
      const person = personOf(profileOf(key));
      const people = peopleLikeYou(data, person, lookup, { limit: 10 });
      expect(people).toHaveLength(10);
      const chosen = likeMindedUsers(data, person, 10);
      people.forEach((p, k) => {
        expect(p.commonRated).toBeGreaterThanOrEqual(minCommon);
        expect(p.commonRated).toBe(chosen[k].commonRated);
        expect(p.agreeing).toBeLessThanOrEqual(p.commonRated);
        expect(p.sharedFavourites.length).toBeLessThanOrEqual(p.bothLoved);
        if (k > 0) expect(people[k - 1].similarity).toBeGreaterThanOrEqual(p.similarity);
      });
      expect(people[0].similarity).toBe(1);
    },
  );
});
