import { create } from 'zustand';
import type { ProfileRating } from '../../../shared/domain';
import { formatRating } from '../util/format';
import { useNotices } from './notices';
import { registerProfileScoped } from './profile-scope';
import { useProfiles } from './profiles';
import { useRatings } from './ratings';

/** The last rating changed on the My ratings page, with the value it had before. */
export interface RatingEdit {
  profileId: number;
  /** The rating as it was (its row, to put back into the list after a clear). */
  before: ProfileRating;
  /** The new value; null when the rating was cleared. */
  after: number | null;
}

interface RatingUndoState {
  last: RatingEdit | null;
  /** Changes (or, with null, clears) a rating and remembers the previous value for undo. */
  edit: (profileId: number, before: ProfileRating, after: number | null) => Promise<void>;
  /** Puts the previous value back. */
  undo: () => Promise<void>;
  dismiss: () => void;
}

export const useRatingUndo = create<RatingUndoState>((set, get) => ({
  last: null,
  edit: async (profileId, before, after) => {
    set({ last: { profileId, before, after } });
    const ratings = useRatings.getState();
    if (after === null) await ratings.clear(profileId, before.movieId);
    else await ratings.rate(profileId, before.movieId, after);
  },
  undo: async () => {
    const last = get().last;
    if (!last) return;
    set({ last: null });
    const { before, profileId } = last;
    // as it was: its value and when it was given, which the model weighs
    await useRatings.getState().rate(profileId, before.movieId, before.rating, before.ratedAt);
    // A cleared rating left the list; it comes back as it was.
    const { list, byMovie } = useRatings.getState();
    if (
      byMovie[before.movieId] === before.rating &&
      !list.some((r) => r.movieId === before.movieId)
    )
      useRatings.setState({ list: [...list, before] });
  },
  dismiss: () => set({ last: null }),
}));

registerProfileScoped(() => useRatingUndo.setState({ last: null }));

/**
 * Clears a rating given on a movie's page or card (the Clear button, or a click on the star it
 * already has) and offers Undo on a notice, so that a slip never loses a rating.
 */
export async function clearRatingWithUndo(
  profileId: number,
  movieId: number,
  title: string,
): Promise<void> {
  const before = useRatings.getState().byMovie[movieId];
  if (before === undefined) return;
  const ratedAt = useRatings.getState().list.find((r) => r.movieId === movieId)?.ratedAt;
  await useRatings.getState().clear(profileId, movieId);
  if (useRatings.getState().byMovie[movieId] !== undefined) return; // the clear failed
  useNotices.getState().push('info', `Cleared your ${formatRating(before)}★ for “${title}”.`, {
    label: 'Undo',
    run: () => {
      if (useProfiles.getState().currentId === profileId)
        void useRatings.getState().rate(profileId, movieId, before, ratedAt);
    },
  });
}
