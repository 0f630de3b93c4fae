import { create } from 'zustand';
import {
  forYouMost,
  forYouPage,
  type ListFreshness,
  type MovieSummary,
  type RecommendedMovie,
  type StarScale,
} from '../../../shared/domain';
import { call } from '../api/client';
import { describeFailure, isStaleFor } from './failures';
import { registerProfileScoped } from './profile-scope';
import { useRatings } from './ratings';

export interface ForYouFilters {
  genre: string;
  decade: number | null;
  minPopularity: number;
  diversity: number;
  /** Only movies viewers tagged with these words ("pixar"); '' for any. */
  tag: string;
}

interface ForYouState {
  filters: ForYouFilters;
  items: RecommendedMovie[];
  freshness: ListFreshness | null;
  /** The profile's own mean rating beside everyone's, for the note on predicted stars. */
  starScale: StarScale | null;
  /** With a tag filter: the tags it matched (none: no tag has those words); else null. */
  tags: string[] | null;
  /** How many more tags the filter matched than `tags` names. */
  otherTags: number;
  loading: boolean;
  error: string | null;
  /** When the list on screen was computed; lets the screen say "updated just now". */
  updatedAt: number | null;
  /** The ratings' version (useRatings) when the list on screen was asked for. */
  askedAtRatings: number;
  /** How many movies the list asks for; "Load more" asks for another page. */
  limit: number;
  onboarding: MovieSummary[];
  /** Movies offered before the ones on screen, so that "Show other movies" never repeats one. */
  onboardingOffered: number[];
  onboardingError: string | null;
  setFilters: (filters: Partial<ForYouFilters>) => void;
  load: (profileId: number) => Promise<void>;
  /** Asks for one more page of the same list; the movies already shown keep their places. */
  loadMore: (profileId: number) => Promise<void>;
  loadOnboarding: (profileId: number) => Promise<void>;
  /** Replaces the movies to rate first with others not offered yet (for someone who saw none). */
  otherOnboarding: (profileId: number) => Promise<void>;
  /** Takes a movie off the list on screen at once (hidden); the next load confirms it. */
  drop: (movieId: number) => void;
}

export const defaultForYouFilters: ForYouFilters = {
  genre: '',
  decade: null,
  minPopularity: 0,
  diversity: 0,
  tag: '',
};
/** One page of the list, and the most the service gives in one answer. */
export const FOR_YOU_PAGE = forYouPage;
export const FOR_YOU_MOST = forYouMost;

/**
 * How many movies to ask for: the page, and as many more as the movies offered to rate first,
 * which the screen leaves out of the list while it asks about them.
 */
export function listLimit(limit: number, offered: number): number {
  return Math.min(FOR_YOU_MOST, limit + offered);
}

/** Whether the list may go on: the last answer filled the page asked for. */
export function mayHaveMore(shown: number, limit: number): boolean {
  return shown >= limit && limit < FOR_YOU_MOST;
}

const initial = {
  limit: FOR_YOU_PAGE,
  items: [],
  freshness: null,
  starScale: null,
  tags: null,
  otherTags: 0,
  loading: false,
  error: null,
  updatedAt: null,
  askedAtRatings: 0,
  onboarding: [],
  onboardingOffered: [],
  onboardingError: null,
};

let sequence = 0;

export const useForYou = create<ForYouState>((set, get) => ({
  filters: defaultForYouFilters,
  ...initial,
  setFilters: (filters) => set({ filters: { ...get().filters, ...filters }, limit: FOR_YOU_PAGE }),
  load: async (profileId) => {
    const mine = ++sequence;
    const { genre, decade, minPopularity, diversity, tag } = get().filters;
    const limit = listLimit(get().limit, get().onboarding.length);
    const askedAtRatings = useRatings.getState().version;
    set({ loading: true });
    try {
      const answer = await call('recommend.forYou', {
        profileId,
        limit,
        ...(genre ? { genre } : {}),
        ...(decade !== null ? { decade } : {}),
        minPopularity,
        diversity,
        ...(tag.trim() ? { tag: tag.trim() } : {}),
      });
      if (mine !== sequence || isStaleFor(profileId)) return;
      set({
        items: answer.items,
        freshness: answer.freshness,
        starScale: answer.starScale,
        tags: answer.tags ?? null,
        otherTags: answer.otherTags ?? 0,
        loading: false,
        error: null,
        updatedAt: Date.now(),
        askedAtRatings,
      });
    } catch (error) {
      if (mine !== sequence || isStaleFor(profileId)) return;
      set({ loading: false, error: describeFailure(error, profileId) });
    }
  },
  loadMore: (profileId) => {
    set({ limit: Math.min(FOR_YOU_MOST, get().limit + FOR_YOU_PAGE) });
    return get().load(profileId);
  },
  drop: (movieId) => set({ items: get().items.filter((it) => it.movie.id !== movieId) }),
  loadOnboarding: (profileId) => pickOnboarding(profileId, []),
  otherOnboarding: (profileId) => {
    const { onboarding, onboardingOffered } = get();
    return pickOnboarding(profileId, [...onboardingOffered, ...onboarding.map((m) => m.id)]);
  },
}));

async function pickOnboarding(profileId: number, exclude: number[]): Promise<void> {
  try {
    const onboarding = await call('movies.onboarding', { profileId, limit: 12, exclude });
    if (isStaleFor(profileId)) return;
    // Nothing left to offer: the movies on screen stay.
    if (onboarding.length === 0 && exclude.length > 0) return;
    useForYou.setState({ onboarding, onboardingOffered: exclude, onboardingError: null });
  } catch (error) {
    if (!isStaleFor(profileId))
      useForYou.setState({ onboardingError: describeFailure(error, profileId) });
  }
}

registerProfileScoped(() => {
  sequence++;
  useForYou.setState({ ...initial, filters: defaultForYouFilters });
});
