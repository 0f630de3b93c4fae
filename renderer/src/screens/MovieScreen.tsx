import { useEffect } from 'react';
import { fewRatersText } from '../../../shared/few-raters';
import { noRatingsText } from '../../../shared/why-empty';
import { GenreChips } from '../components/GenreChips';
import { OriginalTitle } from '../components/OriginalTitle';
import { RatingSpread } from '../components/RatingSpread';
import { RecommendationGrid } from '../components/RecommendationGrid';
import { TrainedElsewhere } from '../components/TrainedElsewhere';
import { countingEveryRating, Empty, ErrorMessage, Loading } from '../components/StateMessages';
import { MovieForYou } from '../components/MovieForYou';
import { MovieMarkButtons } from '../components/MovieMarkButtons';
import { MovieTags } from '../components/MovieTags';
import { YourRating } from '../components/YourRating';
import { useActiveReleaseName } from '../stores/catalogue';
import { useMovie } from '../stores/movie';
import { useNavigation } from '../stores/navigation';
import { useProfiles } from '../stores/profiles';
import { useRatings } from '../stores/ratings';
import { countOf, formatRating } from '../util/format';
import { goBack } from '../util/hash-routes';
import { placeName } from '../util/place-names';

/** One movie: its facts, your rating, movies like it, and what its fans also loved. */
export function MovieScreen({ movieId }: { movieId: number }) {
  const profileId = useProfiles((s) => s.currentId);
  const session = useProfiles((s) => s.sessionRevision);
  const { details, similar, alsoLoved, trainedOn, load } = useMovie();
  const yourRating = useRatings((s) => s.byMovie[movieId] ?? null);
  const release = useActiveReleaseName();

  useEffect(() => {
    void load(movieId, profileId);
  }, [movieId, profileId, session, load]);

  const movie = details.data;
  const backTo = useNavigation((s) => {
    const previous = s.history[s.history.length - 1];
    return previous ? placeName(previous) : null;
  });
  return (
    <section className="screen stack" aria-labelledby="movie-title" data-testid="screen-movie">
      <div>
        <button type="button" className="button quiet small" onClick={goBack} data-testid="back">
          ← {backTo ? `Back to ${backTo}` : 'Back'}
        </button>
      </div>
      {details.error && (
        <ErrorMessage message={details.error} onRetry={() => void load(movieId, profileId)} />
      )}
      {!movie && !details.error && <Loading label="Loading the movie…" />}
      {movie && (
        <div className="details-hero">
          <h1 id="movie-title" data-testid="movie-title">
            {movie.title}
            {movie.year !== null && ' '}
            {movie.year !== null && (
              <span className="movie-year" style={{ fontSize: 22 }}>
                {movie.year}
              </span>
            )}
          </h1>
          <OriginalTitle title={movie.originalTitle} large />
          <GenreChips genres={movie.genres} max={8} />
          <div className="movie-meta" style={{ fontSize: 15 }}>
            {movie.ratingCount === 0 ? (
              <span className="faint" data-testid="movie-no-ratings">
                {noRatingsText(release)}
              </span>
            ) : (
              <>
                <span className="rating-badge">
                  <span className="star" aria-hidden="true">
                    ★
                  </span>
                  {formatRating(movie.averageRating)} average
                </span>
                <span>from {countOf(movie.ratingCount, 'rating')}</span>
              </>
            )}
          </div>
          <RatingSpread spread={movie.ratingSpread} yourRating={yourRating} />
          <MovieTags tags={movie.tags} />
          <MovieForYou movieId={movie.id} />
          <div className="row" style={{ marginTop: 6 }}>
            <strong>Your rating</strong>
            <YourRating movieId={movie.id} title={movie.title} testId="movie-rating" />
          </div>
          <MovieMarkButtons movie={movie} />
        </div>
      )}

      {trainedOn && (
        <TrainedElsewhere trainedOn={trainedOn} subject="lists" testId="movie-trained-elsewhere" />
      )}
      <section aria-labelledby="similar-title" data-testid="similar-section">
        <div className="panel-title">
          <h2 id="similar-title">Similar movies</h2>
          <span className="faint">
            Most alike first: what this movie&apos;s fans loved (the fewer the fans, the less that
            counts) and what the model finds alike. What everyone loves counts less, and films only
            a few people rated are left out. Genres shared with this one are in colour.
          </span>
        </div>
        {movie && similar.data && similar.data.length > 0 && (
          <FewRatersNote ratingCount={movie.ratingCount} />
        )}
        {similar.error && <ErrorMessage message={similar.error} />}
        {!similar.data && !similar.error && <Loading slow={countingEveryRating} />}
        {similar.data?.length === 0 && (
          <Empty>No similar movies yet: the model has not seen this one.</Empty>
        )}
        {similar.data && (
          <RecommendationGrid
            items={similar.data}
            testId="similar"
            about={movieId}
            becauseLabel="Also like"
            matchLabel="similar"
            sharedGenresWith={movie?.title ?? 'this movie'}
          />
        )}
      </section>

      <section aria-labelledby="also-title" data-testid="also-loved-section">
        <div className="panel-title">
          <h2 id="also-title">People who loved this also loved</h2>
          <span className="faint" data-testid="also-loved-about">
            More from viewers in the catalogue who rated it 4 or more, besides the similar movies
            above: what they loved more than most people do comes first, and films only a few people
            rated are left out.
          </span>
        </div>
        {alsoLoved.error && <ErrorMessage message={alsoLoved.error} />}
        {!alsoLoved.data && !alsoLoved.error && <Loading slow={countingEveryRating} />}
        {alsoLoved.data?.length === 0 && (
          <Empty>Nobody in the catalogue loved this one enough yet.</Empty>
        )}
        {alsoLoved.data && (
          <RecommendationGrid
            items={alsoLoved.data}
            testId="also-loved"
            about={movieId}
            becauseLabel="Also like"
          />
        )}
      </section>
    </section>
  );
}

/** A movie few people rated has "similar" movies that are only what those people also rated. */
function FewRatersNote({ ratingCount }: { ratingCount: number }) {
  const text = fewRatersText(ratingCount);
  return text === null ? null : (
    <p className="muted" data-testid="few-raters">
      {text}
    </p>
  );
}
