import { useEffect, useState } from 'react';
import type { Profile } from '../../../shared/domain';
import { memberFacts } from '../../../shared/member-facts';
import { membersScaleText } from '../../../shared/star-scale';
import { namedTags } from '../../../shared/tag-names';
import { filteredMoviesText } from '../../../shared/why-empty';
import { TrainedElsewhere } from '../components/TrainedElsewhere';
import { DecadeSelect } from '../components/DecadeSelect';
import { GenreSelect } from '../components/GenreSelect';
import { MovieCard } from '../components/MovieCard';
import { PopularitySelect } from '../components/PopularitySelect';
import { TagField } from '../components/TagField';
import { Empty, ErrorMessage, Loading } from '../components/StateMessages';
import { useNavigation } from '../stores/navigation';
import { useProfiles } from '../stores/profiles';
import { useTogether, type TogetherFilters } from '../stores/together';

/** Most profiles one watch-together list takes (the API's limit). */
const maxMembers = 6;

/** Whether this window may show the profile: not locked, or unlocked here. */
function isOpen(profiles: readonly Profile[], unlocked: readonly number[], id: number): boolean {
  const p = profiles.find((x) => x.id === id);
  return !!p && (!p.locked || unlocked.includes(id));
}

/**
 * "Watch together": pick two or more of the household's profiles and get one list ranked so that
 * nobody is left out, each card with every member's match and predicted stars (never anyone's
 * ratings). A locked profile joins only once this window has opened it with its passphrase.
 */
export function WatchTogetherScreen({ profileId }: { profileId: number }) {
  const profiles = useProfiles((s) => s.profiles);
  const unlocked = useProfiles((s) => s.unlocked);
  const openMovie = useNavigation((s) => s.openMovie);
  const picked = useTogether((s) => s.picked) ?? [profileId];
  const { filters, list, loading, error, asked } = useTogether();
  const { setPicked, setFilters, find, clear } = useTogether.getState();
  const [typedTag, setTypedTag] = useState(filters.tag);

  const open = (id: number) => isOpen(profiles, unlocked, id);
  const members = picked.filter(open);

  /** Once a list was asked for, who is watching changes it at once; fewer than two take it away. */
  const toggle = (id: number) => {
    const next = picked.includes(id) ? picked.filter((x) => x !== id) : [...picked, id];
    setPicked(next);
    if (!asked) return;
    const watching = next.filter(open);
    if (watching.length >= 2) void find(watching);
    else clear();
  };

  /** The list for the filters as they are now, the tag as typed so far. */
  const findNow = () => {
    setFilters({ tag: typedTag });
    void find(members);
  };

  /** Once a list was asked for, a changed filter asks for it again (a tag once typing pauses). */
  const refilter = (change: Partial<TogetherFilters>) => {
    setFilters(change);
    if (asked && members.length >= 2) void find(members);
  };

  // Back from a movie's page: the list kept is asked again, as a rating or a mark given there
  // may have changed it; shown as it was until the answer comes.
  useEffect(() => {
    const { askedFor } = useTogether.getState();
    if (!askedFor) return;
    const { profiles: now, unlocked: opened } = useProfiles.getState();
    if (askedFor.every((id) => isOpen(now, opened, id))) void find(askedFor);
    else clear();
  }, [find, clear]);

  const askedTag = filters.tag.trim();
  const filtered =
    filters.genre !== '' || filters.decade !== null || filters.minPopularity > 0 || askedTag !== '';

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
      <div className="filters">
        <GenreSelect
          value={filters.genre}
          testId="together-genre"
          onChange={(genre) => refilter({ genre })}
        />
        <DecadeSelect
          value={filters.decade}
          testId="together-decade"
          onChange={(decade) => refilter({ decade })}
        />
        <PopularitySelect
          value={filters.minPopularity}
          testId="together-popularity"
          onChange={(minPopularity) => refilter({ minPopularity })}
        />
        <TagField
          typed={typedTag}
          settled={filters.tag}
          onType={setTypedTag}
          onSettle={(tag) => refilter({ tag })}
          onEnter={() => members.length >= 2 && findNow()}
          placeholder="any tag, e.g. christmas"
          testId="together-tag"
        />
        <button
          type="button"
          className="button primary"
          data-testid="together-find"
          disabled={members.length < 2 || loading}
          onClick={findNow}
        >
          Find movies for {members.length < 2 ? 'two or more' : members.length}
        </button>
      </div>
      {list?.trainedOn && (
        <TrainedElsewhere
          trainedOn={list.trainedOn}
          subject="list"
          testId="together-trained-elsewhere"
        />
      )}
      {error && <ErrorMessage message={error} onRetry={() => void find(members)} />}
      {loading && !list && <Loading label="Finding movies for everyone…" />}
      {list && !error && list.tags && list.tags.length > 0 && list.items.length > 0 && (
        <p className="faint" style={{ margin: 0 }} data-testid="together-tagged">
          Only movies viewers tagged {namedTags(list.tags, list.otherTags)}.
        </p>
      )}
      {list && !error && list.items.length === 0 && (
        <Empty testId="together-empty">
          {list.tags?.length === 0
            ? `No movie is tagged “${askedTag}”. Try another word, or clear the tag.`
            : filtered
              ? `No ${filteredMoviesText({ ...filters, tag: askedTag })} suits all of you: one that any of you would likely dislike is left out.`
              : 'Nothing everyone would enjoy yet: rate a few more movies.'}
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
      {list && list.items.length > 0 && <h2 className="visually-hidden">Movies for all of you</h2>}
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
