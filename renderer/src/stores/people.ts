import { create } from 'zustand';
import type { LikeMindedPerson } from '../../../shared/domain';
import { call } from '../api/client';
import { describeFailure, isStaleFor } from './failures';
import { registerProfileScoped } from './profile-scope';

interface PeopleState {
  people: LikeMindedPerson[];
  /** How many movies a viewer must share with the profile to be listed; null until known. */
  inCommonNeeded: number | null;
  /** The data the model learnt from, when it is not the release the list reads (a pretrain is due). */
  trainedOn: string | null;
  loading: boolean;
  loaded: boolean;
  error: string | null;
  load: (profileId: number) => Promise<void>;
}

const initial = {
  people: [],
  inCommonNeeded: null,
  trainedOn: null,
  loading: false,
  loaded: false,
  error: null,
};

export const usePeople = create<PeopleState>((set) => ({
  ...initial,
  load: async (profileId) => {
    set({ loading: true });
    try {
      const answer = await call('recommend.peopleLikeYou', { profileId, limit: 8 });
      if (!isStaleFor(profileId))
        set({
          people: answer.people,
          inCommonNeeded: answer.inCommonNeeded ?? null,
          trainedOn: answer.freshness.trainedOn ?? null,
          loading: false,
          loaded: true,
          error: null,
        });
    } catch (error) {
      if (!isStaleFor(profileId))
        set({ loading: false, loaded: true, error: describeFailure(error, profileId) });
    }
  },
}));

registerProfileScoped(() => usePeople.setState(initial));
