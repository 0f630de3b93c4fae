import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { MovieSummary } from '../../shared/domain';
import type { EngineDataset } from '../../main/core/engine-dataset';
import { buildListData, type ListData } from '../../main/engine/lists/list-data';
import type { MovieLookup } from '../../main/engine/lists/person';
import type { ModelSettings, TrainedModel } from '../../main/engine/models/model-definition';
import {
  EngineService,
  type EngineServiceOptions,
  type ProfileRatingRow,
} from '../../main/engine/runtime/engine-service';
import { loadModel, readDefaultChoice } from '../../main/engine/runtime/model-store';
import { pretrain } from '../../main/engine/runtime/pretrain';
import type { Db } from '../../main/catalogue/db';
import { loadEngineDataset } from '../../main/catalogue/training-data';
import { importRelease } from '../../main/importers/import-release';
import { freshCatalogue, makeTempDir } from '../fixtures/catalogue-helpers';
import { repoRoot } from './repo-paths';
import { sharedDatasetDir } from './service-fixture';

/** A dataset with arrays of its own. */
export function copyDataset(d: EngineDataset): EngineDataset {
  const { user, item, rating, time } = d.ratings;
  return {
    ...d,
    ratings: { user: user.slice(), item: item.slice(), rating: rating.slice(), time: time.slice() },
    movieIds: d.movieIds.slice(),
    userKeys: d.userKeys.slice(),
  };
}

/** Movie summaries for list items, read from a dataset's own movie features. */
export function movieLookupOf(dataset: EngineDataset): MovieLookup {
  const index = new Map<number, number>();
  dataset.movieIds.forEach((id, i) => index.set(id, i));
  return (ids) => {
    const out = new Map<number, MovieSummary>();
    for (const id of ids) {
      const i = index.get(id);
      if (i === undefined) continue;
      const m = dataset.movies[i];
      out.set(id, {
        id,
        title: m.title,
        year: m.year,
        genres: m.genres,
        ratingCount: 0,
        averageRating: null,
      });
    }
    return out;
  };
}

export interface PretrainedEngine {
  service: EngineService;
  /** The temp folder: models/ and personal/ (the personal states) live in it. */
  dir: string;
  modelsDir: string;
  personalDir: string;
  /** Profiles' ratings, as the catalogue would hand them to the engine. */
  ratings: Map<number, ProfileRatingRow[]>;
  /** Sets a profile's ratings from [movieId, stars] pairs (rated in that order). */
  rate(profileId: number, pairs: [number, number][]): void;
  /** Another engine over the same models and personal states (a restart). */
  reopen(options?: Partial<EngineServiceOptions>): Promise<EngineService>;
  close(): Promise<void>;
}

/**
 * An engine service over a model pretrained on `dataset` in a fresh temp folder, its profiles'
 * ratings in memory: the setup of the engine service tests.
 */
export async function pretrainedEngine(
  dataset: EngineDataset,
  train: { model: string; seed: number; settings: ModelSettings },
  options: Partial<EngineServiceOptions> = {},
): Promise<PretrainedEngine> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'engine-fixture-'));
  const modelsDir = path.join(dir, 'models');
  const personalDir = path.join(dir, 'personal');
  await pretrain({ dataset, modelsDir, ...train });
  const ratings = new Map<number, ProfileRatingRow[]>();
  const open = (more: Partial<EngineServiceOptions> = {}) =>
    EngineService.create({
      modelsDir,
      personalDir,
      profileRatings: (id) => ratings.get(id) ?? [],
      movies: movieLookupOf(dataset),
      // a copy each time, as the catalogue reads one: pretraining moves it to its thread
      dataset: () => copyDataset(dataset),
      ...options,
      ...more,
    });
  const service = await open();
  const opened = [service];
  return {
    service,
    dir,
    modelsDir,
    personalDir,
    ratings,
    rate(profileId, pairs) {
      ratings.set(
        profileId,
        pairs.map(([movieId, rating], k) => ({ movieId, rating, ratedAt: 1000 + k })),
      );
    },
    async reopen(more) {
      const again = await open(more);
      opened.push(again);
      return again;
    },
    async close() {
      for (const s of opened) await s.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The app's shipped default model (models/) and its list data over `dataset`. */
export async function shippedDefaultListData(
  dataset: EngineDataset,
): Promise<{ model: TrainedModel; data: ListData }> {
  const modelsDir = path.join(repoRoot, 'models');
  const choice = await readDefaultChoice(modelsDir);
  if (!choice) throw new Error(`${modelsDir} names no default model`);
  const { model } = await loadModel(modelsDir, choice.model);
  return { model, data: buildListData(model, dataset) };
}

/**
 * A shared release imported into a fresh catalogue, its dataset as the catalogue loads it, and
 * biased-mf trained on it (a model in the temp folders of catalogue-helpers: removeTempDirs).
 */
export async function catalogueWithModel(
  release: string,
  train: { seed: number; settings: ModelSettings },
): Promise<{ db: Db; dataset: EngineDataset; model: TrainedModel }> {
  const db = freshCatalogue().db;
  await importRelease(db, sharedDatasetDir(release));
  const dataset = loadEngineDataset(db);
  const modelsDir = path.join(makeTempDir(), 'models');
  const { model } = await pretrain({ dataset, model: 'biased-mf', modelsDir, ...train });
  return { db, dataset, model };
}
