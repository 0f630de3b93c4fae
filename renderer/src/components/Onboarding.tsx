import { useEffect } from 'react';
import { useForYou } from '../stores/for-you';
import { useNavigation } from '../stores/navigation';
import { ErrorMessage, Loading } from './StateMessages';
import { MovieCard } from './MovieCard';
import { YourRating } from './YourRating';

export const onboardingTarget = 5;

/** A new profile's first step: rate a handful of well-known, varied movies. */
export function Onboarding({ profileId, rated }: { profileId: number; rated: number }) {
  const movies = useForYou((s) => s.onboarding);
  const error = useForYou((s) => s.onboardingError);
  const loadOnboarding = useForYou((s) => s.loadOnboarding);
  const otherOnboarding = useForYou((s) => s.otherOnboarding);
  const openMovie = useNavigation((s) => s.openMovie);

  useEffect(() => {
    void loadOnboarding(profileId);
  }, [profileId, loadOnboarding]);

  const left = Math.max(0, onboardingTarget - rated);
  return (
    <section className="card stack" aria-labelledby="onboarding-title" data-testid="onboarding">
      <div className="panel-title">
        <h2 id="onboarding-title">Let’s learn your taste</h2>
        <span className="faint" data-testid="onboarding-count">
          {rated} rated{left > 0 ? ` · ${left} more to go` : ' · nice!'}
        </span>
      </div>
      <p className="muted">
        Rate a few of these well-known movies — love them or not. Skip any you haven’t seen. The
        more you rate, the better your list gets; everything stays on this computer.
      </p>
      {error && <ErrorMessage message={error} />}
      {movies.length === 0 && !error && <Loading label="Picking some movies…" />}
      <div className="grid">
        {movies.map((movie) => (
          <MovieCard
            key={movie.id}
            movie={movie}
            onOpen={openMovie}
            testId="onboarding-card"
            footer={
              <YourRating
                movieId={movie.id}
                title={movie.title}
                size="small"
                testId={`onboarding-rating-${movie.id}`}
              />
            }
          />
        ))}
      </div>
      {movies.length > 0 && (
        <div className="row onboarding-more">
          <span className="muted">Seen none of these?</span>
          <button
            type="button"
            className="button"
            data-testid="onboarding-other"
            onClick={() => void otherOnboarding(profileId)}
          >
            Show other movies
          </button>
        </div>
      )}
    </section>
  );
}
