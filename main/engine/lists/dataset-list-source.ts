import type { EngineDataset } from '../../core/engine-dataset';
import type { ListSource } from '../../core/list-source';
import { datasetRatings } from '../../core/ratings-csr';
import type { PersonHistory } from '../models/model-definition';
import { chronologicalHistories } from '../models/sequence-data';

/** A ListSource over a dataset in memory (tests, evaluation, and the engine without a catalogue). */
export function listSourceOfDataset(dataset: EngineDataset): ListSource {
  const counts = new Int32Array(dataset.nItems);
  const sums = new Float64Array(dataset.nItems);
  const r = dataset.ratings;
  for (let k = 0; k < r.item.length; k++) {
    counts[r.item[k]]++;
    sums[r.item[k]] += r.rating[k];
  }
  let histories: PersonHistory[] | null = null;
  return {
    fingerprint: dataset.fingerprint,
    name: dataset.name,
    movieIds: dataset.movieIds,
    genres: dataset.movies.map((m) => m.genres),
    years: Int16Array.from(dataset.movies, (m) => m.year ?? 0),
    tags: () => dataset.movies.map((m) => m.tags),
    ratingCounts: counts,
    ratingSums: sums,
    userCount: dataset.nUsers,
    userHistories(indices) {
      histories ??= chronologicalHistories(dataset);
      return indices.map((u) => ({
        movieIds: Int32Array.from(histories![u].items, (i) => dataset.movieIds[i]),
        ratings: histories![u].ratings,
        times: histories![u].times,
      }));
    },
    ratingsFor: (model) => datasetRatings(model, dataset),
    sameFilms: dataset.sameFilms,
  };
}
