/**
 * Choices a person makes about the whole catalogue, one row each. The first is `active_release`:
 * the format (e.g. "ml-latest-small") of the release the app learns from, chosen with
 * catalogue.setActiveRelease. Kept by format, not id, so that importing that release again keeps
 * it chosen; without the row, or when that release is gone, the app chooses by itself
 * (main/catalogue/releases.ts).
 */
export const sql = `
CREATE TABLE catalogue_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
`;
