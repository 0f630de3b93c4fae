import { useEffect, useState } from 'react';
import { Bars } from '../components/charts';
import { RateMoviesButton } from '../components/RateMoviesButton';
import { Empty, ErrorMessage, Loading } from '../components/StateMessages';
import { useProfiles } from '../stores/profiles';
import { useRatings } from '../stores/ratings';
import { useTaste } from '../stores/taste';
import { countOf, everyDecade } from '../util/format';

/** The profile's ratings drawn: how it rates, which genres, which decades. */
export function TasteScreen({ profileId }: { profileId: number }) {
  const session = useProfiles((s) => s.sessionRevision);
  const ratingsVersion = useRatings((s) => s.version);
  const { summary, loading, error, revision, load } = useTaste();
  // What was on screen before this visit may be out of date; mark the page fresh once reloaded.
  const [revisionAtMount] = useState(() => useTaste.getState().revision);
  const fresh = revision > revisionAtMount && !loading;

  useEffect(() => {
    void load(profileId);
  }, [profileId, session, ratingsVersion, load]);

  const total = summary?.ratingDistribution.reduce((n, r) => n + r.count, 0) ?? 0;
  const genres = [...(summary?.genres ?? [])].sort((a, b) => b.count - a.count).slice(0, 12);
  // a decade without ratings stays on the axis, so the chart reads as a time line
  const decades = everyDecade(summary?.decades ?? []);
  const everyone = summary?.everyone ?? null;
  const everyoneOf = new Map(everyone?.genres.map((g) => [g.genre, g.averageRating]));
  // The two genre charts side by side keep their rows level: two bars a row when everyone's show,
  // and the averages' chart taller by its legend.
  const genreChartHeight = Math.max(200, genres.length * (everyone ? 40 : 28));
  const distribution = beside(summary?.ratingDistribution ?? [], everyone?.ratingDistribution);
  const yourAverage =
    (summary?.ratingDistribution ?? []).reduce((a, r) => a + r.rating * r.count, 0) /
    Math.max(1, total);

  return (
    <section
      className="screen stack"
      aria-labelledby="taste-title"
      data-testid="screen-taste"
      data-rated={summary && fresh ? total : undefined}
    >
      <div className="screen-header">
        <div>
          <h1 id="taste-title">Your taste</h1>
          <p>
            {total === 1
              ? 'What your one rating says about you so far.'
              : total > 0
                ? `What your ${countOf(total, 'rating')} say about you.`
                : 'What your ratings say about you.'}
          </p>
        </div>
        {loading && <span className="faint">Updating…</span>}
      </div>
      {error && <ErrorMessage message={error} onRetry={() => void load(profileId)} />}
      {!summary && !error && <Loading />}
      {summary && total === 0 && (
        <Empty testId="taste-empty">
          <p>Rate some movies and your taste will be drawn here.</p>
          <RateMoviesButton testId="taste-rate-movies" />
        </Empty>
      )}
      {summary && total > 0 && (
        <>
          <div className="two-columns">
            <div className="card" data-testid="chart-distribution">
              <h2>How you rate</h2>
              {everyone ? (
                <>
                  <Bars
                    data={distribution}
                    x="label"
                    y="yours"
                    name="Your ratings"
                    beside={{ y: 'everyone', name: 'Everyone’s', color: 'var(--chart-2)' }}
                    unit="%"
                    label="Your ratings and everyone's, as shares of each, by number of stars"
                  />
                  <p className="faint" data-testid="taste-averages">
                    You average {yourAverage.toFixed(1)}★; everyone in {everyone.release}{' '}
                    {everyone.averageRating.toFixed(1)}★.
                  </p>
                </>
              ) : (
                <Bars
                  data={distribution}
                  x="label"
                  y="count"
                  name="Movies"
                  label="Your ratings by number of stars"
                />
              )}
            </div>
            <div className="card" data-testid="chart-decades">
              <h2>Decades</h2>
              <Bars
                data={decades}
                x="label"
                y="count"
                name="Movies rated"
                color="var(--chart-2)"
                label="Movies you rated by decade"
              />
            </div>
          </div>
          <div className="card" data-testid="chart-genres">
            <h2>Genres</h2>
            <div className="two-columns">
              <div>
                <h3 className="chart-title">How many you rated</h3>
                <Bars
                  data={genres}
                  x="genre"
                  y="count"
                  name="Movies rated"
                  color="var(--chart-3)"
                  label="Movies you rated by genre"
                  horizontal
                  height={genreChartHeight}
                />
              </div>
              <div data-testid="chart-genre-averages">
                <h3 className="chart-title">What you think of them</h3>
                <Bars
                  data={genres.map((g) => ({
                    ...g,
                    average: Number(g.averageRating.toFixed(2)),
                    everyone: everyoneOf.get(g.genre) ?? null,
                  }))}
                  x="genre"
                  y="average"
                  name="Your average ★"
                  color="var(--chart-1)"
                  label={
                    everyone
                      ? "Your average rating by genre beside everyone's, out of 5"
                      : 'Your average rating by genre, out of 5'
                  }
                  horizontal
                  max={5}
                  height={genreChartHeight + (everyone ? legendHeight : 0)}
                  beside={
                    everyone
                      ? { y: 'everyone', name: 'Everyone’s average ★', color: 'var(--chart-2)' }
                      : undefined
                  }
                />
              </div>
            </div>
            <table className="table" style={{ marginTop: 10 }}>
              <caption className="visually-hidden">Your average rating per genre</caption>
              <thead>
                <tr>
                  <th>Genre</th>
                  <th>Rated</th>
                  <th>Your average</th>
                  {everyone && <th>Everyone’s</th>}
                </tr>
              </thead>
              <tbody>
                {genres.map((g) => (
                  <tr key={g.genre}>
                    <td>{g.genre}</td>
                    <td>{g.count}</td>
                    <td>{g.averageRating.toFixed(2)} ★</td>
                    {everyone && (
                      <td data-testid="genre-everyone">
                        {everyoneOf.has(g.genre) ? `${everyoneOf.get(g.genre)!.toFixed(2)} ★` : '–'}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

/** The height of a chart's legend (recharts' default, at the charts' 12 px). */
const legendHeight = 24;

type Spread = { rating: number; count: number }[];

/** Each half star with the profile's count, and its share (%) beside everyone's when given. */
function beside(yours: Spread, everyone: Spread | undefined) {
  const share = (spread: Spread) => {
    const total = spread.reduce((a, r) => a + r.count, 0);
    return (rating: number) =>
      Math.round((1000 * (spread.find((r) => r.rating === rating)?.count ?? 0)) / total) / 10;
  };
  const mine = share(yours);
  const theirs = everyone && share(everyone);
  return [...yours]
    .sort((a, b) => a.rating - b.rating)
    .map((r) => ({
      ...r,
      label: `${r.rating.toFixed(1)}★`,
      yours: mine(r.rating),
      ...(theirs ? { everyone: theirs(r.rating) } : {}),
    }));
}
