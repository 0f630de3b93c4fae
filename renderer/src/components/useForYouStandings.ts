import { useEffect, useState } from 'react';
import type { StarScale } from '../../../shared/domain';
import type { MovieStanding } from '../../../shared/movie-standing';
import { call, onEvent } from '../api/client';
import { isStaleFor } from '../stores/failures';
import { useRatings } from '../stores/ratings';

export interface ForYouStandings {
  standings: Map<number, MovieStanding>;
  /** The profile's own mean rating beside everyone's, for the note on predicted stars. */
  starScale: StarScale | null;
}

const none: ForYouStandings = { standings: new Map(), starScale: null };

/**
 * Where each of some movies (a watchlist, search results) stands on the profile's For you list:
 * match, predicted stars, place. Read again when the movies or the ratings change, and when a
 * model arrives (the profile's fine-tune, or a pretrain). Empty until read, without a profile, or
 * when the engine cannot answer (no model yet): the movies are then shown without them.
 */
export function useForYouStandings(
  profileId: number | null,
  movieIds: readonly number[],
): ForYouStandings {
  const [read, setRead] = useState<ForYouStandings & { profileId: number | null }>({
    ...none,
    profileId: null,
  });
  const ratingsVersion = useRatings((s) => s.version);
  const ids = movieIds.join(',');
  const [modelRevision, setModelRevision] = useState(0);
  useEffect(() => {
    if (profileId === null) return;
    const next = () => setModelRevision((n) => n + 1);
    const offTuned = onEvent('profile.modelUpdated', (e) => {
      if (e.profileId === profileId) next();
    });
    const offTrained = onEvent('job.finished', (e) => {
      if (e.kind === 'pretrain' && e.ok) next();
    });
    return () => {
      offTuned();
      offTrained();
    };
  }, [profileId]);
  useEffect(() => {
    if (!ids || profileId === null) return;
    let current = true;
    call('recommend.forMovies', { profileId, movieIds: ids.split(',').map(Number) }).then(
      (answer) => {
        if (current && !isStaleFor(profileId))
          setRead({
            profileId,
            standings: new Map(answer.movies.map((m) => [m.movieId, m])),
            starScale: answer.starScale,
          });
      },
      () => {
        if (current) setRead({ ...none, profileId });
      },
    );
    return () => {
      current = false;
    };
  }, [profileId, ids, ratingsVersion, modelRevision]);
  // Another profile's standings never show while this one's are read.
  return read.profileId === profileId ? read : none;
}
