import type { Reason } from '../../../shared/domain';

interface Props {
  reason: Reason;
  onOpen: (movieId: number) => void;
}

/** Why a movie is in a list: the service's sentence, then the movies behind it as links. */
export function ReasonNote({ reason, onOpen }: Props) {
  const because = [...reason.because].sort((a, b) => b.weight - a.weight).slice(0, 3);
  return (
    <p className="reason" data-testid="reason">
      {reason.text}
      {because.length > 0 && (
        <span className="reason-because">
          Because you rated{' '}
          {because.map((b, i) => (
            <span key={b.movieId}>
              {i > 0 && (i === because.length - 1 ? ' and ' : ', ')}
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
