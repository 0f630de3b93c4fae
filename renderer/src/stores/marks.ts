import { create } from 'zustand';
import type { MarkedMovie, MovieMark, MovieSummary } from '../../../shared/domain';
import { call } from '../api/client';
import { describeFailure, isStaleFor } from './failures';
import { useNotices } from './notices';
import { registerProfileScoped } from './profile-scope';
import { useRatings } from './ratings';

interface MarksState {
  profileId: number | null;
  /** The current profile's marked movies (watchlist, seen, not interested), newest first. */
  list: MarkedMovie[];
  loaded: boolean;
  error: string | null;
  load: (profileId: number) => Promise<void>;
  /** `markedAt` (ms) when an undo puts a mark back as it was given. */
  mark: (
    profileId: number,
    movie: MovieSummary,
    mark: MovieMark,
    markedAt?: number,
  ) => Promise<void>;
  unmark: (profileId: number, movieId: number) => Promise<void>;
  /** A mark taken off on My ratings, with Undo on a notice that puts it back as it was. */
  removeWithUndo: (profileId: number, movieId: number) => Promise<void>;
  /**
   * "Not interested" or "Seen it" from a list: the movie leaves the list, with Undo on a notice.
   * False when it could not be saved (the notice then says why).
   */
  leaveOut: (
    profileId: number,
    movie: MovieSummary,
    mark: 'not-interested' | 'seen',
  ) => Promise<boolean>;
}

const initial = { profileId: null, list: [], loaded: false, error: null };

/** Lists hide not-interested and seen movies: a change of those is one the lists must follow. */
function touchLists(before: MarkedMovie | undefined, after: MovieMark | null): void {
  const hides = (mark: MovieMark | null | undefined) =>
    mark === 'not-interested' || mark === 'seen';
  if (hides(before?.mark) || hides(after)) {
    useRatings.setState({ version: useRatings.getState().version + 1 });
  }
}

/** What taking a mark off did, as the notice says it. */
function removedText({ mark, movie }: MarkedMovie): string {
  if (mark === 'watchlist') return `Took “${movie.title}” off your watchlist.`;
  if (mark === 'seen') return `“${movie.title}” is no longer marked seen.`;
  return `“${movie.title}” shows in your lists again.`;
}

export const useMarks = create<MarksState>((set, get) => {
  /** Shows the change at once; puts the old list back and says so when saving fails. */
  async function change(
    profileId: number,
    movieId: number,
    next: MarkedMovie | null,
    save: () => Promise<unknown>,
  ): Promise<void> {
    const previous = get().list;
    const before = previous.find((m) => m.movieId === movieId);
    const others = previous.filter((m) => m.movieId !== movieId);
    // newest first: a mark put back by an undo returns to its place
    set({ list: next ? [next, ...others].sort((a, b) => b.markedAt - a.markedAt) : others });
    try {
      await save();
      touchLists(before, next?.mark ?? null);
    } catch (error) {
      if (isStaleFor(profileId)) return;
      set({ list: previous });
      const message = describeFailure(error, profileId);
      if (message) useNotices.getState().push('error', `That was not saved: ${message}`);
    }
  }

  return {
    ...initial,
    load: async (profileId) => {
      set({ ...initial, profileId });
      try {
        const list = await call('marks.list', { profileId });
        if (isStaleFor(profileId)) return;
        set({ list, loaded: true, error: null });
      } catch (error) {
        if (isStaleFor(profileId)) return;
        set({ loaded: true, error: describeFailure(error, profileId) });
      }
    },
    mark: (profileId, movie, mark, markedAt) =>
      change(
        profileId,
        movie.id,
        { movieId: movie.id, mark, markedAt: markedAt ?? Date.now(), movie },
        () =>
          call('marks.set', {
            profileId,
            movieId: movie.id,
            mark,
            ...(markedAt === undefined ? {} : { markedAt }),
          }),
      ),
    unmark: (profileId, movieId) =>
      change(profileId, movieId, null, () => call('marks.clear', { profileId, movieId })),
    removeWithUndo: async (profileId, movieId) => {
      const before = get().list.find((m) => m.movieId === movieId);
      if (!before) return;
      await get().unmark(profileId, movieId);
      if (get().list.some((m) => m.movieId === movieId)) return; // not saved: the notice says so
      useNotices.getState().push('info', removedText(before), {
        label: 'Undo',
        run: () => void get().mark(profileId, before.movie, before.mark, before.markedAt),
      });
    },
    leaveOut: async (profileId, movie, mark) => {
      const before = get().list.find((m) => m.movieId === movie.id)?.mark ?? null;
      await get().mark(profileId, movie, mark);
      if (get().list.find((m) => m.movieId === movie.id)?.mark !== mark) return false;
      const said =
        mark === 'seen'
          ? `Marked “${movie.title}” seen: your lists leave it out.`
          : `Hidden “${movie.title}” from your lists.`;
      useNotices.getState().push('info', said, {
        label: 'Undo',
        run: () =>
          void (before === null
            ? get().unmark(profileId, movie.id)
            : get().mark(profileId, movie, before)),
      });
      return true;
    },
  };
});

registerProfileScoped(() => useMarks.setState({ ...initial }));
