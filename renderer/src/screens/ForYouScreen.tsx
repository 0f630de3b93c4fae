import { useEffect, useState } from 'react';
import type { MovieSummary } from '../../../shared/domain';
import { onEvent } from '../api/client';
import { ForYouFilters } from '../components/ForYouFilters';
import { Onboarding, onboardingTarget } from '../components/Onboarding';
import { RecommendationGrid } from '../components/RecommendationGrid';
import { TrainedElsewhere } from '../components/TrainedElsewhere';
import { Empty, ErrorMessage, Loading } from '../components/StateMessages';
import { useCatalogue } from '../stores/catalogue';
import {
  defaultForYouFilters,
  listLimit,
  mayHaveMore,
  useForYou,
  type ForYouFilters as Filters,
} from '../stores/for-you';
import { runningJob, useJobs } from '../stores/jobs';
import { useMarks } from '../stores/marks';
import { useProfiles } from '../stores/profiles';
import { useRatings } from '../stores/ratings';
import { spokenList } from '../../../shared/counts';
import { namedTags } from '../../../shared/tag-names';
import { starScaleText } from '../../../shared/star-scale';
import { formatCount, roughCount } from '../util/format';

/** Waits a moment after the last rating so a burst of ratings asks for one new list. */
const ratingSettleMs = 700;

const freshnessText = {
  'fine-tuned': 'Your personal model is up to date.',
  'folded-in': 'Using your latest ratings; your personal model is being fine-tuned.',
  none: 'Based on the catalogue model and your ratings so far.',
} as const;

function filtered(filters: Filters): boolean {
  return (
    filters.genre !== defaultForYouFilters.genre ||
    filters.decade !== defaultForYouFilters.decade ||
    filters.minPopularity !== defaultForYouFilters.minPopularity ||
    filters.tag.trim() !== ''
  );
}

function onboardingShown(ratingsLoaded: boolean, rated: number): boolean {
  return ratingsLoaded && rated < onboardingTarget;
}

/** What the list leaves out of the catalogue, for its count: rated, seen and hidden movies. */
interface LeftOut {
  /** The catalogue's movies not rated, seen or hidden. */
  remaining: number;
  seen: number;
  hidden: number;
}

/** "movies you have not rated", "… not rated or seen", "… not rated, seen or hidden". */
function notYet({ seen, hidden }: LeftOut): string {
  const words = ['rated', ...(seen > 0 ? ['seen'] : []), ...(hidden > 0 ? ['hidden'] : [])];
  return `movies you have not ${spokenList(words, 'or')}`;
}

/**
 * How much of the list shows: "Showing 24 of the 9,700+ movies you have not rated"; a profile
 * that marked films seen or hid some reads "… of the 8,600+ movies you have not rated or seen".
 */
function ListCount({ shown, left }: { shown: number; left: LeftOut | null }) {
  return (
    <p className="faint" data-testid="foryou-count" aria-live="polite">
      {left === null
        ? `${formatCount(shown)} ${shown === 1 ? 'movie' : 'movies'} shown`
        : `Showing ${formatCount(shown)} of the ${roughCount(left.remaining)} ${notYet(left)}`}
    </p>
  );
}

/** The person's list, each item with its reason; refreshes after ratings change and training ends. */
export function ForYouScreen({ profileId }: { profileId: number }) {
  const session = useProfiles((s) => s.sessionRevision);
  const rated = useRatings((s) => Object.keys(s.byMovie).length);
  const ratingsLoaded = useRatings((s) => s.loaded);
  const ratingsVersion = useRatings((s) => s.version);
  const [ratingsAtVisit] = useState(() => useRatings.getState().version);
  const [ratedBeforeVisit] = useState(
    () => new Set(Object.keys(useRatings.getState().byMovie).map(Number)),
  );
  const askedAtRatings = useForYou((s) => s.askedAtRatings);
  const {
    items: listed,
    freshness,
    loading,
    error,
    filters,
    limit,
    load,
    loadMore,
    tags,
    otherTags,
  } = useForYou();
  const offered = useForYou((s) => s.onboarding);
  const scaleNote = starScaleText(useForYou((s) => s.starScale));
  const catalogueMovies = useCatalogue((s) => s.info?.catalogue.movies ?? null);
  const marks = useMarks((s) => s.list);
  const ratedMovies = useRatings((s) => s.byMovie);
  const unratedMarked = (mark: 'seen' | 'not-interested') =>
    marks.filter((m) => m.mark === mark && !(m.movieId in ratedMovies)).length;
  const training = useJobs((s) => runningJob(s.jobs, ['finetune']));
  const [modelRevision, setModelRevision] = useState(0);

  useEffect(
    () =>
      onEvent('profile.modelUpdated', (event) => {
        if (event.profileId === profileId) setModelRevision((n) => n + 1);
      }),
    [profileId],
  );

  useEffect(() => {
    void load(profileId);
  }, [profileId, session, filters, modelRevision, load]);

  useEffect(() => {
    if (ratingsVersion === 0) return;
    const timer = setTimeout(() => void load(profileId), ratingSettleMs);
    return () => clearTimeout(timer);
  }, [ratingsVersion, profileId, load]);

  // New movies to rate first: ask again, so the list still fills its page without them.
  const offeredKey = onboardingShown(ratingsLoaded, rated) ? offered.map((m) => m.id).join() : '';
  useEffect(() => {
    if (offeredKey) void load(profileId);
  }, [offeredKey, profileId, load]);

  async function leaveOut(movie: MovieSummary, mark: 'not-interested' | 'seen') {
    useForYou.getState().drop(movie.id);
    if (!(await useMarks.getState().leaveOut(profileId, movie, mark))) void load(profileId);
  }

  const onboarding = onboardingShown(ratingsLoaded, rated);
  // The movies offered to rate first are not recommended again right below them.
  const askedAbout = new Set(onboarding ? offered.map((m) => m.id) : []);
  // A list asked for before ratings made elsewhere (search, a movie's page) shows until its
  // reload answers: the movies rated meanwhile leave it at once. One rated on its card here
  // stays until the reload, so its stars can still be changed.
  const ratedElsewhere = askedAtRatings < ratingsAtVisit;
  const items = listed
    .filter((it) => !askedAbout.has(it.movie.id))
    .filter((it) => !(ratedElsewhere && ratedBeforeVisit.has(it.movie.id)))
    .slice(0, limit);
  const starter = items.length > 0 && items.every((it) => it.reason.kind === 'starter');
  const seen = unratedMarked('seen');
  const hidden = unratedMarked('not-interested');
  const left =
    catalogueMovies === null || filtered(filters)
      ? null
      : { remaining: Math.max(0, catalogueMovies - rated - seen - hidden), seen, hidden };

  return (
    <section className="screen stack" aria-labelledby="foryou-title" data-testid="screen-forYou">
      <div className="screen-header">
        <div>
          <h1 id="foryou-title">For you</h1>
          <p data-testid="foryou-about">
            {starter
              ? 'Starter picks: popular, well-liked movies. Rate a few you have seen and this list becomes yours.'
              : freshness
                ? freshnessText[freshness.personalModel]
                : 'Movies picked for your taste, with the reason for each.'}
          </p>
        </div>
        <div className="row">
          {training && (
            <span className="faint" data-testid="training-badge">
              Fine-tuning…
            </span>
          )}
          {loading && <span className="faint">Updating…</span>}
        </div>
      </div>
      {freshness?.trainedOn && (
        <TrainedElsewhere
          trainedOn={freshness.trainedOn}
          subject="list"
          testId="foryou-trained-elsewhere"
        />
      )}
      {onboarding && <Onboarding profileId={profileId} rated={rated} />}
      <ForYouFilters />
      {error && <ErrorMessage message={error} onRetry={() => void load(profileId)} />}
      {!error && items.length === 0 && loading && <Loading label="Picking movies for you…" />}
      {!error && tags !== null && tags.length > 0 && (
        <p className="faint" style={{ margin: 0 }} data-testid="foryou-tagged">
          Only movies viewers tagged {namedTags(tags, otherTags)}, best match first.
        </p>
      )}
      {!error && items.length === 0 && !loading && (
        <Empty testId="foryou-empty">
          {tags !== null && tags.length === 0
            ? `No movie is tagged “${filters.tag.trim()}”. Try another word, or clear the tag.`
            : 'Nothing matches these filters yet. Rate a few more movies or loosen the filters.'}
        </Empty>
      )}
      <div className="counted-list">
        {items.length > 0 && <ListCount shown={items.length} left={left} />}
        {items.some((it) => it.match !== null && it.predictedRating !== null) && (
          <p className="faint" data-testid="foryou-order-note">
            Ordered by match: how well a movie fits what you watch and love. The stars are a
            separate guess at how you would rate it, so a lower one can sit higher in the list.
          </p>
        )}
        {items.some((it) => it.predictedRating !== null) && scaleNote && (
          <p className="faint" data-testid="foryou-star-scale">
            {scaleNote}
          </p>
        )}
        <h2 className="visually-hidden">Your list</h2>
        <RecommendationGrid
          items={items}
          testId="foryou"
          onHide={(movie) => void leaveOut(movie, 'not-interested')}
          onSeen={(movie) => void leaveOut(movie, 'seen')}
        />
        {mayHaveMore(listed.length, listLimit(limit, offered.length)) && (
          <div className="row load-more">
            <button
              type="button"
              className="button"
              disabled={loading}
              data-testid="foryou-load-more"
              onClick={() => void loadMore(profileId)}
            >
              {loading ? 'Loading…' : 'Load more'}
            </button>
          </div>
        )}
      </div>
      {freshness && (
        <p className="freshness">
          Model {freshness.modelName} · computed in {Math.round(freshness.computedMs)} ms
        </p>
      )}
    </section>
  );
}
