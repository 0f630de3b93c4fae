import type { EvaluationRow, ProtocolName } from '../../shared/domain';
import type { EngineDataset } from '../core/engine-dataset';
import type { PersonHistory } from '../engine/models/model-definition';
import { protocolD, protocolE, protocolF } from '../engine/validation/list-protocols';
import { listSplit, topKWithTies, type ListSplit } from '../engine/validation/list-split';
import type { EvaluatedModel, FitOptions, FittedModel } from './evaluated-model';
import type { TrainSet } from './histories';

/**
 * Protocols D, E, F and F5 of ../shared/EVALUATION.md for one model: fit on the training users
 * of protocol C's split, then measure its similar movies, its people like you and its list for a
 * profile with no (F) or five (F5) ratings. A model without such a list yields no rows.
 */
export type ListProtocol = Extract<ProtocolName, 'D' | 'E' | 'F' | 'F5'>;

export function isListProtocol(p: ProtocolName): p is ListProtocol {
  return p === 'D' || p === 'E' || p === 'F' || p === 'F5';
}

/** The training users of a list split, as the harness fits a model on them. */
export function trainSetOf(split: ListSplit, dataset: EngineDataset): TrainSet {
  return {
    nUsers: split.nUsers,
    nItems: split.nItems,
    histories: split.histories,
    scale: dataset.scale,
    genres: dataset.movies.map((m) => m.genres),
    movieIds: split.movieIds,
  };
}

/** A profile's list from a ranking model: its top k known movies, ties as the protocol says. */
export function firstList(split: ListSplit, fitted: FittedModel) {
  const scores = new Float32Array(split.nItems);
  return async (history: PersonHistory, exclude: Uint8Array, k: number) => {
    const scorer = await fitted.foldIn(history);
    scorer.scoreAll!(scores);
    return topKWithTies(
      scores,
      k,
      split.popularity,
      split.movieIds,
      (i) => exclude[i] === 0 && split.popularity[i] > 0,
    );
  };
}

async function protocolFAsync(
  split: ListSplit,
  fitted: FittedModel,
  firstRatings: 0 | 5,
): Promise<Record<string, number>> {
  // protocolF is synchronous; fold-ins may not be, so compute every list first.
  const list = firstList(split, fitted);
  const lists = new Map<number, Int32Array>();
  const exclude = new Uint8Array(split.nItems);
  for (const person of split.people) {
    const n = Math.min(firstRatings, person.all.items.length);
    const held: PersonHistory = {
      items: person.all.items.slice(0, n),
      ratings: person.all.ratings.slice(0, n),
      times: person.all.times.slice(0, n),
    };
    for (const i of held.items) exclude[i] = 1;
    lists.set(person.user, await list(held, exclude, 20));
    for (const i of held.items) exclude[i] = 0;
  }
  return protocolF(split, (_h, _e, _k, person) => lists.get(person.user)!, firstRatings);
}

export async function runListProtocol(
  model: EvaluatedModel,
  dataset: EngineDataset,
  protocol: ListProtocol,
  options: Omit<FitOptions, 'protocol'>,
  split: ListSplit = listSplit(dataset),
): Promise<EvaluationRow[]> {
  if ((protocol === 'F' || protocol === 'F5') && !model.ranks) return [];
  const start = performance.now();
  const fitted = await model.fit(trainSetOf(split, dataset), { ...options, protocol });
  const seconds = fitted.trainSeconds ?? (performance.now() - start) / 1000;
  let metrics: Record<string, number> | null = null;
  if (protocol === 'D' && fitted.similar) metrics = protocolD(split, fitted.similar);
  if (protocol === 'E' && fitted.likeMinded) metrics = protocolE(split, fitted.likeMinded);
  if (protocol === 'F') metrics = await protocolFAsync(split, fitted, 0);
  if (protocol === 'F5') metrics = await protocolFAsync(split, fitted, 5);
  if (!metrics) return [];
  return Object.entries(metrics).map(([metric, value]) => ({
    model: model.name,
    dataset: dataset.name,
    protocol,
    metric,
    value,
    seconds,
  }));
}
