import { useEffect } from 'react';
import { whyNoPeopleLikeYou } from '../../../shared/why-empty';
import { onEvent } from '../api/client';
import { PersonCard } from '../components/PersonCard';
import { countingEveryRating, Empty, ErrorMessage, Loading } from '../components/StateMessages';
import { RateMoviesButton } from '../components/RateMoviesButton';
import { TrainedElsewhere } from '../components/TrainedElsewhere';
import { usePeople } from '../stores/people';
import { useProfiles } from '../stores/profiles';
import { useRatings } from '../stores/ratings';

/** The catalogue's viewers whose taste is closest to the profile's, as anonymous cards. */
export function PeopleScreen({ profileId }: { profileId: number }) {
  const session = useProfiles((s) => s.sessionRevision);
  const ratingsVersion = useRatings((s) => s.version);
  const rated = useRatings((s) => Object.keys(s.byMovie).length);
  const { people, inCommonNeeded, trainedOn, loading, loaded, error, load } = usePeople();

  useEffect(() => {
    void load(profileId);
  }, [profileId, session, ratingsVersion, load]);

  useEffect(
    () =>
      onEvent('profile.modelUpdated', (event) => {
        if (event.profileId === profileId) void load(profileId);
      }),
    [profileId, load],
  );

  return (
    <section className="screen stack" aria-labelledby="people-title" data-testid="screen-people">
      <div className="screen-header">
        <div>
          <h1 id="people-title">People like you</h1>
          <p>Viewers in the catalogue whose ratings run closest to yours. They stay anonymous.</p>
        </div>
        {loading && <span className="faint">Updating…</span>}
      </div>
      {trainedOn && (
        <TrainedElsewhere
          trainedOn={trainedOn}
          subject="people"
          testId="people-trained-elsewhere"
        />
      )}
      {error && <ErrorMessage message={error} onRetry={() => void load(profileId)} />}
      {!loaded && !error && <Loading label="Finding people like you…" slow={countingEveryRating} />}
      {loaded && !error && people.length === 0 && (
        <Empty testId="people-empty">
          <p>{whyNoPeopleLikeYou(rated, inCommonNeeded)}</p>
          <RateMoviesButton testId="people-rate-movies" />
        </Empty>
      )}
      {people.length > 0 && (
        <h2 className="visually-hidden">Viewers whose ratings run closest to yours</h2>
      )}
      <div className="two-columns" data-testid="people">
        {people.map((person) => (
          <PersonCard key={person.label} person={person} />
        ))}
      </div>
    </section>
  );
}
