import { useState } from 'react';
import type { Response } from '../../../shared/api';
import { memberFacts } from '../../../shared/member-facts';
import { membersScaleText } from '../../../shared/star-scale';
import { call } from '../api/client';
import { readableError } from '../api/errors';
import { MovieCard } from '../components/MovieCard';
import { Empty, ErrorMessage, Loading } from '../components/StateMessages';
import { useNavigation } from '../stores/navigation';
import { useProfiles } from '../stores/profiles';

type TogetherList = Response<'recommend.together'>;

/** Most profiles one watch-together list takes (the API's limit). */
const maxMembers = 6;

/**
 * "Watch together": pick two or more of the household's profiles and get one list ranked so that
 * nobody is left out, each card with every member's match and predicted stars (never anyone's
 * ratings). A locked profile joins only once this window has opened it with its passphrase.
 */
export function WatchTogetherScreen({ profileId }: { profileId: number }) {
  const profiles = useProfiles((s) => s.profiles);
  const unlocked = useProfiles((s) => s.unlocked);
  const openMovie = useNavigation((s) => s.openMovie);
  const [picked, setPicked] = useState<number[]>([profileId]);
  const [list, setList] = useState<TogetherList | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const open = (id: number) => {
    const p = profiles.find((x) => x.id === id);
    return !!p && (!p.locked || unlocked.includes(id));
  };
  const members = picked.filter(open);

  const toggle = (id: number) =>
    setPicked((now) => (now.includes(id) ? now.filter((x) => x !== id) : [...now, id]));

  async function find() {
    setLoading(true);
    setError(null);
    try {
      setList(await call('recommend.together', { profileIds: members, limit: 20 }));
    } catch (e) {
      setError(readableError(e));
    } finally {
      setLoading(false);
    }
  }

  const nameOf = new Map(list?.members.map((m) => [m.profileId, m.name]) ?? []);
  const scaleNote = list && membersScaleText(list.members);

  return (
    <section
      className="screen stack"
      aria-labelledby="together-title"
      data-testid="screen-together"
    >
      <div className="screen-header">
        <div>
          <h1 id="together-title">Watch together</h1>
          <p>
            Pick who is watching: one list, ranked so that nobody is left out. Each card shows
            everyone&apos;s match and predicted stars; nobody&apos;s ratings are shown to the
            others.
          </p>
        </div>
        {loading && list && <span className="faint">Updating…</span>}
      </div>
      <fieldset className="member-picker" data-testid="together-members">
        <legend>Who is watching</legend>
        {profiles.map((p) => {
          const available = open(p.id);
          return (
            <label key={p.id} className="member-option" data-testid={`together-member-${p.id}`}>
              <input
                type="checkbox"
                checked={available && picked.includes(p.id)}
                disabled={!available || (!picked.includes(p.id) && members.length >= maxMembers)}
                onChange={() => toggle(p.id)}
              />{' '}
              {p.name}
              {!available && <span className="faint"> (locked: unlock first)</span>}
            </label>
          );
        })}
      </fieldset>
      <div>
        <button
          type="button"
          className="button primary"
          data-testid="together-find"
          disabled={members.length < 2 || loading}
          onClick={() => void find()}
        >
          Find movies for {members.length < 2 ? 'two or more' : members.length}
        </button>
      </div>
      {error && <ErrorMessage message={error} onRetry={() => void find()} />}
      {loading && !list && <Loading label="Finding movies for everyone…" />}
      {list && !error && list.items.length === 0 && (
        <Empty testId="together-empty">
          Nothing everyone would enjoy yet: rate a few more movies.
        </Empty>
      )}
      {list && list.items.length > 0 && (
        <p className="faint" data-testid="together-order-note">
          Ordered by how well each movie fits all of you together: how far it stands out from the
          rest of the catalogue for each of you, averaged, so a film one of you would love can come
          before one that suits you all a little. Each match is the one that person sees on their
          own For you list; a movie one of you would likely dislike is left out. The stars are a
          separate guess at how each of you would rate it, so a lower one can sit higher in the
          list.
        </p>
      )}
      {list && list.items.length > 0 && scaleNote && (
        <p className="faint" data-testid="together-star-scale">
          {scaleNote}
        </p>
      )}
      {list && (
        <div className="grid" data-testid="together">
          {list.items.map((item) => (
            <MovieCard
              key={item.movie.id}
              movie={item.movie}
              onOpen={openMovie}
              testId="together-card"
            >
              <ul className="member-facts" data-testid="together-stars">
                {item.members.map((m) => (
                  <li key={m.profileId} data-testid="together-star">
                    {memberFacts(nameOf.get(m.profileId) ?? 'Someone', m)}
                  </li>
                ))}
              </ul>
              <p className="faint" data-testid="together-reason">
                {item.reason.text}
              </p>
            </MovieCard>
          ))}
        </div>
      )}
    </section>
  );
}
