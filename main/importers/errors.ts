/**
 * A problem with the input being imported; the message names the file and line where it can, and
 * never quotes the file's content (an error may reach a session that must not read the file).
 */
export class ImportError extends Error {
  constructor(
    /** What was wrong, without the file and line. */
    readonly reason: string,
    readonly file?: string,
    readonly line?: number,
  ) {
    super(
      file === undefined
        ? reason
        : `${file}${line === undefined ? '' : ` line ${line}`}: ${reason}`,
    );
    this.name = 'ImportError';
  }
}

/** The import was stopped through its AbortSignal; nothing was written. */
export class ImportCancelledError extends Error {
  constructor() {
    super('Import cancelled; the catalogue was left as it was.');
    this.name = 'ImportCancelledError';
  }
}

/** Throws ImportCancelledError once `signal` has aborted (the engine's is throwIfTrainingAborted). */
export function throwIfImportCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ImportCancelledError();
}
