import type { Db } from './db';

export interface ModelRecord {
  id: number;
  name: string;
  kind: string;
  path: string;
  datasetFingerprint: string;
  metrics: unknown;
  createdAt: number;
  /** Null for a pretrained (shared) model, else the profile it was fine-tuned for. */
  profileId: number | null;
}

export type NewModel = Omit<ModelRecord, 'id' | 'createdAt'> & { createdAt?: number };

interface ModelRow {
  id: number;
  name: string;
  kind: string;
  path: string;
  dataset_fingerprint: string;
  metrics: string;
  created_at: number;
  profile_id: number | null;
}

function toModel(row: ModelRow): ModelRecord {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    path: row.path,
    datasetFingerprint: row.dataset_fingerprint,
    metrics: JSON.parse(row.metrics),
    createdAt: row.created_at,
    profileId: row.profile_id,
  };
}

export function registerModel(db: Db, model: NewModel): ModelRecord {
  const id = db
    .prepare(
      `INSERT INTO models (name, kind, path, dataset_fingerprint, metrics, created_at, profile_id)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      model.name,
      model.kind,
      model.path,
      model.datasetFingerprint,
      JSON.stringify(model.metrics ?? []),
      model.createdAt ?? Date.now(),
      model.profileId,
    ).lastInsertRowid;
  return getModel(db, Number(id))!;
}

export function getModel(db: Db, id: number): ModelRecord | null {
  const row = db.prepare('SELECT * FROM models WHERE id = ?').get(id) as ModelRow | undefined;
  return row ? toModel(row) : null;
}

/** The newest model with that name for the profile (or the shared one with profileId null). */
export function latestModel(
  db: Db,
  name: string,
  profileId: number | null = null,
): ModelRecord | null {
  const row = db
    .prepare(
      'SELECT * FROM models WHERE name = ? AND profile_id IS ? ORDER BY created_at DESC, id DESC LIMIT 1',
    )
    .get(name, profileId) as ModelRow | undefined;
  return row ? toModel(row) : null;
}

export function listModels(db: Db, profileId?: number | null): ModelRecord[] {
  const rows =
    profileId === undefined
      ? db.prepare('SELECT * FROM models ORDER BY created_at DESC, id DESC').all()
      : db
          .prepare('SELECT * FROM models WHERE profile_id IS ? ORDER BY created_at DESC, id DESC')
          .all(profileId);
  return (rows as ModelRow[]).map(toModel);
}

export function deleteModel(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM models WHERE id = ?').run(id).changes > 0;
}
