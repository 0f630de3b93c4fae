import type { EnginePort } from '../../main/api/ports';

/** An engine port that records what the handlers tell the engine; anything else is refused. */
export function recordingEngine(): EnginePort & { refitted: number[]; catalogueChanges: number } {
  const unused = () => Promise.reject(new Error('not used by this test'));
  const engine = {
    refitted: [] as number[],
    catalogueChanges: 0,
    backend: () => null,
    status: unused,
    forYou: unused,
    forMovie: unused,
    forMovies: unused,
    similarMovies: unused,
    peopleLikeYou: unused,
    alsoLoved: unused,
    together: unused,
    finetune: unused,
    pretrain: unused,
    ratingsChanged: (profileId: number) => void engine.refitted.push(profileId),
    profileDeleted: async () => {},
    catalogueChanged: () => void engine.catalogueChanges++,
    onModelUpdated: () => () => {},
    close: async () => {},
  };
  return engine;
}
