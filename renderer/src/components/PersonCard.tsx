import type { LikeMindedPerson } from '../../../shared/domain';
import { useNavigation } from '../stores/navigation';
import { percent } from '../util/format';

/**
 * One like-minded viewer, anonymous: the taste match the list is ordered by, how often you agree
 * on the movies you both rated (with the counts), and what they loved.
 */
export function PersonCard({ person }: { person: LikeMindedPerson }) {
  const openMovie = useNavigation((s) => s.openMovie);
  return (
    <article className="card person-card" data-testid="person-card">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <div className="row">
          <span className="avatar small" aria-hidden="true">
            {person.label.replace(/\D/g, '').slice(-2) || '?'}
          </span>
          <h3 style={{ margin: 0 }}>{person.label}</h3>
        </div>
        <span className="faint" data-testid="person-common">
          {person.commonRated} {person.commonRated === 1 ? 'movie' : 'movies'} you both rated
        </span>
      </div>
      <div className="two-columns" style={{ gap: 12 }}>
        <div>
          <div className="faint" data-testid="person-match">
            Taste match {percent(Math.max(0, person.similarity))}
          </div>
          <div className="meter" aria-hidden="true">
            <span style={{ width: `${Math.max(0, Math.min(1, person.similarity)) * 100}%` }} />
          </div>
        </div>
        <div>
          <div className="faint" data-testid="person-agreement">
            Within a star on {person.agreeing} of {person.commonRated} ({percent(person.agreement)})
          </div>
          <div className="meter" aria-hidden="true">
            <span
              style={{ width: `${(person.agreement ?? 0) * 100}%`, background: 'var(--chart-3)' }}
            />
          </div>
        </div>
      </div>
      {person.sharedFavourites.length > 0 && (
        <div>
          <div className="faint">
            {person.bothLoved > person.sharedFavourites.length
              ? `You both loved ${person.bothLoved} movies, among them`
              : `You both loved ${person.bothLoved === 1 ? 'one movie' : `${person.bothLoved} movies`}`}
          </div>
          <MovieLinks
            movies={person.sharedFavourites.map((m) => ({
              id: m.id,
              title: m.title,
              year: m.year,
            }))}
            onOpen={openMovie}
          />
        </div>
      )}
      {person.loved.length > 0 && (
        <div>
          <div className="faint">They also loved</div>
          <MovieLinks
            movies={person.loved
              .slice(0, 6)
              .map((r) => ({ id: r.movie.id, title: r.movie.title, year: r.movie.year }))}
            onOpen={openMovie}
            testId="person-loved"
          />
        </div>
      )}
    </article>
  );
}

function MovieLinks({
  movies,
  onOpen,
  testId,
}: {
  movies: Array<{ id: number; title: string; year: number | null }>;
  onOpen: (id: number) => void;
  testId?: string;
}) {
  return (
    <ul style={{ margin: '4px 0 0', paddingLeft: 18 }} data-testid={testId}>
      {movies.map((m) => (
        <li key={m.id}>
          <button type="button" className="link-button with-year" onClick={() => onOpen(m.id)}>
            <span className="link-title">{m.title}</span>
            {m.year !== null && <span className="link-year"> {m.year}</span>}
          </button>
        </li>
      ))}
    </ul>
  );
}
