import type { EngineDataset } from '../engine/dataset';
import type {
  ModelDefinition,
  ModelSettings,
  PersonHistory,
  TrainedModel,
} from '../engine/model-definition';
import type { EvaluatedModel, Scorer } from './evaluated-model';
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
      const { currentBackend, initBackend } = await import('../engine/backend');
      if (!currentBackend()) await initBackend();
      const settings: ModelSettings = { ...definition.defaults, ...options.settings };
      if (fit.quick) {
        // CI mode: fewer passes over the data for iterative models.
        for (const key of ['epochs', 'alsIterations']) {
          const v = settings[key];
          if (typeof v === 'number') settings[key] = Math.min(v, 4);
        }
      }
      const model = await definition.train(trainSetToDataset(train, like), settings, {
        seed: fit.seed,
      });
      trained = model;
      const scorer = (
        history: PersonHistory,
        state: ReturnType<TrainedModel['foldIn']>,
      ): Scorer => ({
        scoreAll: (out) => model.scoreAll(state, history, out),
        predictRatings: model.predictsRatings
          ? (items) => model.predictRatings(state, history, items)
          : undefined,
      });
      return {
        forUser: (u) =>
          scorer(
            train.histories[u],
            model.datasetUserState?.(u) ?? model.foldIn(train.histories[u]),
          ),
        foldIn: async (history) => {
          let state = model.foldIn(history);
          if (options.fineTune)
            state = (await model.fineTune(history, state, { seed: fit.seed })).state;
          return scorer(history, state);
        },
      };
    },
  };
}
