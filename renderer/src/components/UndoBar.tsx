import { useRatingUndo } from '../stores/rating-undo';
import { formatRating } from '../util/format';

/** After a rating is changed or cleared on the My ratings page: what happened, and "Undo". */
export function UndoBar() {
  const last = useRatingUndo((s) => s.last);
  const undo = useRatingUndo((s) => s.undo);
  const dismiss = useRatingUndo((s) => s.dismiss);
  if (!last) return null;
  const { title } = last.before.movie;
  const what =
    last.after === null
      ? `Cleared your rating of ${title}.`
      : `Rated ${title} ${formatRating(last.after)} (was ${formatRating(last.before.rating)}).`;
  return (
    <div className="alert info notice undo-bar" role="status" data-testid="rating-undo">
      <span>{what}</span>
      <button
        type="button"
        className="button small"
        data-testid="rating-undo-button"
        onClick={() => void undo()}
      >
        Undo
      </button>
      <button type="button" className="button quiet small" aria-label="Dismiss" onClick={dismiss}>
        ×
      </button>
    </div>
  );
}
