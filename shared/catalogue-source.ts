/** Where the catalogue's data came from, as app.info and app.about list its releases. */
export interface ReleaseOrigin {
  format: string;
  source: string;
  starter: boolean;
}

/** True once a MovieLens release has been imported (the starter catalogue alone does not count). */
export function hasImportedRelease(releases: readonly ReleaseOrigin[]): boolean {
  return releases.some((r) => !r.starter);
}

/** The starter catalogue among the releases, if the catalogue still holds it. */
export function starterRelease<R extends ReleaseOrigin>(releases: readonly R[]): R | null {
  return releases.find((r) => r.starter) ?? null;
}

/** "Starter catalogue: ml-latest-small (GroupLens), redistributed under its licence". */
export function starterCatalogueLine(format: string): string {
  return `Starter catalogue: ${format} (GroupLens), redistributed under its licence`;
}
