import type { Db } from './db';

/**
 * The starter catalogue is an ordinary release whose `source` starts with this prefix, followed
 * by the file it was loaded from: the app ships it so that a first launch works without a
 * download, and the first imported release replaces it.
 */
export const STARTER_SOURCE_PREFIX = 'starter:';

export function isStarterSource(source: string): boolean {
  return source.startsWith(STARTER_SOURCE_PREFIX);
}

export function starterSource(file: string): string {
  return `${STARTER_SOURCE_PREFIX}${file}`;
}

/** The id of the starter release in the catalogue, if there is one. */
export function starterReleaseId(db: Db): number | null {
  const id = db
    .prepare('SELECT id FROM releases WHERE substr(source, 1, length(?)) = ? LIMIT 1')
    .pluck()
    .get(STARTER_SOURCE_PREFIX, STARTER_SOURCE_PREFIX) as number | undefined;
  return id ?? null;
}

/** True for a catalogue with no movies and no releases: a first launch. */
export function catalogueIsEmpty(db: Db): boolean {
  return (
    db
      .prepare('SELECT EXISTS (SELECT 1 FROM movies) OR EXISTS (SELECT 1 FROM releases)')
      .pluck()
      .get() === 0
  );
}
