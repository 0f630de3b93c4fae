import { useEffect, useState } from 'react';
import type { MarkedMovie, StarScale } from '../../../shared/domain';
import type { MovieStanding } from '../../../shared/movie-standing';
import { call, onEvent } from '../api/client';
import { isStaleFor } from '../stores/failures';
import { useRatings } from '../stores/ratings';

/**
 * Where each watchlist movie stands on the profile's For you list (match, predicted stars,
 * place), read again when the watchlist or the ratings change, and when a model arrives (the
 * profile's fine-tune, or a pretrain), with the profile's own mean rating beside everyone's.
 * Empty until read, or when the engine cannot answer (no model yet): the list is then shown
 * without them.
 */
export function useWatchlistStandings(
  profileId: number,
  movies: readonly MarkedMovie[],
): { standings: Map<number, MovieStanding>; starScale: StarScale | null } {
  const [read, setRead] = useState({
    standings: new Map<number, MovieStanding>(),
    starScale: null as StarScale | null,
  });
  const ratingsVersion = useRatings((s) => s.version);
  const ids = movies.map((m) => m.movieId).join(',');
  const [modelRevision, setModelRevision] = useState(0);
  useEffect(() => {
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
    if (!ids) return;
    let current = true;
    call('recommend.forMovies', { profileId, movieIds: ids.split(',').map(Number) }).then(
      (answer) => {
        if (current && !isStaleFor(profileId))
          setRead({
            standings: new Map(answer.movies.map((m) => [m.movieId, m])),
            starScale: answer.starScale,
          });
      },
      () => {
        if (current) setRead({ standings: new Map(), starScale: null });
      },
    );
    return () => {
      current = false;
    };
  }, [profileId, ids, ratingsVersion, modelRevision]);
  return read;
}
