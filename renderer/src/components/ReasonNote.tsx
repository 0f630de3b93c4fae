import type { ReactNode } from 'react';
import type { Reason } from '../../../shared/domain';

interface Props {
  reason: Reason;
  onOpen: (movieId: number) => void;
  /** How movies behind the reason that its sentence does not name are introduced. */
  becauseLabel?: string;
  /** A movie not worth naming again, e.g. the one whose page this is. */
  exclude?: number;
}

type Because = Reason['because'][number];

/** The sentence with every movie it names turned into a link to that movie. */
function linkTitles(
  text: string,
  movies: Because[],
  onOpen: (id: number) => void,
): { parts: ReactNode[]; named: Set<number> } {
  const named = new Set<number>();
  let parts: ReactNode[] = [text];
  for (const movie of [...movies].sort((a, b) => b.title.length - a.title.length)) {
    const next: ReactNode[] = [];
    for (const part of parts) {
      if (typeof part !== 'string' || !part.includes(movie.title)) {
        next.push(part);
        continue;
      }
      named.add(movie.movieId);
      part.split(movie.title).forEach((piece, i) => {
        if (i > 0) {
          next.push(
            <button
              key={`${movie.movieId}-${i}`}
              type="button"
              className="link-button"
              onClick={() => onOpen(movie.movieId)}
            >
              {movie.title}
            </button>,
          );
        }
        next.push(piece);
      });
    }
    parts = next;
  }
  return { parts, named };
}

/** Why a movie is in a list: the service's sentence, its movies as links, and any others behind it. */
export function ReasonNote({
  reason,
  onOpen,
  becauseLabel = 'Also because you rated',
  exclude,
}: Props) {
  const because = reason.because
    .filter((b) => b.movieId !== exclude)
    .sort((a, b) => b.weight - a.weight);
  const { parts, named } = linkTitles(reason.text, because, onOpen);
  const others = because.filter((b) => !named.has(b.movieId)).slice(0, 3);
  return (
    <p className="reason" data-testid="reason">
      {parts}
      {others.length > 0 && (
        <span className="reason-because">
          {becauseLabel}{' '}
          {others.map((b, i) => (
            <span key={b.movieId}>
              {i > 0 && (i === others.length - 1 ? ' and ' : ', ')}
              <button type="button" className="link-button" onClick={() => onOpen(b.movieId)}>
                {b.title}
              </button>
            </span>
          ))}
        </span>
      )}
    </p>
  );
}
