/** SQLite's error codes for a file whose pages no longer hold a database. */
const DAMAGE_CODES = /^SQLITE_(CORRUPT|NOTADB)/;

/** Whether a thrown error says the catalogue file is damaged ("database disk image is malformed"). */
export function isCatalogueDamage(error: unknown): error is Error {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && DAMAGE_CODES.test(code);
}

/**
 * The catalogue file cannot be trusted: says which file, what SQLite found, and what to restore.
 * `newestBackup` is the newest automatic backup, if any; `backupSkipped` says a backup found
 * the damage and was not made. Its `code` is the API's error code for it.
 */
export class CatalogueDamagedError extends Error {
  readonly code = 'damaged';

  constructor(
    dbFile: string,
    readonly problem: string,
    newestBackup: string | null,
    { backupSkipped = false } = {},
  ) {
    super(
      `The catalogue ${dbFile} is damaged (${problem}). ` +
        (backupSkipped ? 'The backup was not made, and no backup was replaced or removed. ' : '') +
        (newestBackup
          ? `Restore the newest backup: movie-assistant restore "${newestBackup}".`
          : 'It has no automatic backup: restore one you made with movie-assistant restore FILE.'),
    );
    this.name = 'CatalogueDamagedError';
  }
}
