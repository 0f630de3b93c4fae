import type { EngineDataset } from '../core/engine-dataset';
import type {
  ModelDefinition,
  ModelSettings,
  PersonHistory,
  TrainedModel,
} from '../engine/models/model-definition';
import { buildListData, type ListData } from '../engine/lists/list-data';
import { likeMindedUsers } from '../engine/lists/people-like-you';
import { makePerson } from '../engine/lists/person';
import { personScorer } from '../engine/lists/scorer';
import { fineTuneOrFoldIn } from '../engine/models/fallbacks';
import { similarItems } from '../engine/lists/similar-movies';
import type { EvaluatedModel, FittedModel } from './evaluated-model';
import { trainOnce } from './fit-cache';
import { quickSettings } from './quick-mode';
import { flatten, type TrainSet } from './histories';

/** The training part of a split as an EngineDataset (same user and item indices as the full one). */
export function trainSetToDataset(train: TrainSet, like: EngineDataset): EngineDataset {
  return { ...like, name: `${like.name}-train`, ratings: flatten(train) };
}

export interface EngineAdapterOptions {
  /** Fine-tune new people after the fold-in (protocol C), as the app does. */
  fineTune: boolean;
  settings?: ModelSettings;
}

/** The settings an engine model trains with in the harness: its defaults, overrides, quick caps. */
export function trainingSettings(
  defaults: ModelSettings,
  overrides: ModelSettings | undefined,
  quick: boolean,
): ModelSettings {
  const settings: ModelSettings = { ...defaults, ...overrides };
  return quick ? quickSettings(settings) : settings;
}

/**
 * Evaluates an engine model definition: trains it on the split's training data, scores training
 * users from their own history with the fold-in (plus fine-tune when asked), exactly the path a
 * profile takes in the app.
 */
export function engineModel(
  definition: ModelDefinition<ModelSettings>,
  like: EngineDataset,
  options: EngineAdapterOptions = { fineTune: true },
): EvaluatedModel {
  let trained: TrainedModel | null = null;
  return {
    name: definition.name,
    ranks: true,
    get predicts() {
      return trained ? trained.predictsRatings : true;
    },
    async fit(train, fit) {
      // Models with dense layers run on the tfjs backend; pick it the way the engine does.
      const { currentBackend, initBackend } = await import('../engine/runtime/backend');
      if (!currentBackend()) await initBackend();
      const settings = trainingSettings(definition.defaults, options.settings, fit.quick);
      const trainData = trainSetToDataset(train, like);
      const { model, seconds } = await trainOnce(
        definition.name,
        settings,
        fit.seed,
        trainData,
        () => definition.train(trainData, settings, { seed: fit.seed }),
      );
      trained = model;
      const lists = fit.protocol === 'D' || fit.protocol === 'E' ? listsOf(model, trainData) : {};
      return {
        ...lists,
        trainSeconds: seconds,
        forUser: (u) =>
          personScorer(
            model,
            train.histories[u],
            model.datasetUserState?.(u) ?? model.foldIn(train.histories[u]),
          ),
        foldIn: async (history) => {
          let state = model.foldIn(history);
          if (options.fineTune && history.items.length > 0)
            state = (await fineTuneOrFoldIn(model, history, state, { seed: fit.seed })).state;
          return personScorer(model, history, state);
        },
      };
    },
  };
}

/**
 * Similar movies and people like you exactly as the app computes them (main/engine/lists), on
 * list data built from the training part of the split.
 */
function listsOf(
  model: TrainedModel,
  train: EngineDataset,
): Pick<FittedModel, 'similar' | 'likeMinded'> {
  const data: ListData = buildListData(model, train);
  const itemOfModel = Int32Array.from(train.movieIds, (id) => data.itemOf.get(id) ?? -1);
  const datasetUser = new Map<number, number>();
  train.userKeys.forEach((key, u) => datasetUser.set(key, u));
  const toModel = (h: PersonHistory): PersonHistory => {
    const keep = Array.from(h.items.keys()).filter((t) => itemOfModel[h.items[t]] >= 0);
    return {
      items: Int32Array.from(keep, (t) => itemOfModel[h.items[t]]),
      ratings: Float32Array.from(keep, (t) => h.ratings[t]),
      times: Float64Array.from(keep, (t) => h.times[t]),
    };
  };
  const modelExclude = new Uint8Array(data.nItems);
  return {
    similar: (seed, exclude, k) => {
      modelExclude.fill(0);
      exclude.forEach((x, i) => {
        if (x && itemOfModel[i] >= 0) modelExclude[itemOfModel[i]] = 1;
      });
      const s = itemOfModel[seed];
      if (s < 0) return new Int32Array(0);
      const datasetItem = new Map<number, number>();
      train.movieIds.forEach((id, i) => datasetItem.set(id, i));
      return Int32Array.from(similarItems(data, s, k, modelExclude), (t) =>
        datasetItem.get(model.movieIds[t.id])!,
      );
    },
    likeMinded: (visible, k) => {
      const history = toModel(visible);
      const person = makePerson(data, history, model.foldIn(history));
      return Int32Array.from(likeMindedUsers(data, person, k), (n) =>
        datasetUser.get(model.userKeys[n.user])!,
      );
    },
  };
}
