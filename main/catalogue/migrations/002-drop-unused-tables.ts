/**
 * Drops tables nothing reads: `models` (the model store is the models folder and its
 * manifests), `settings` (never written by the app) and `dataset_loved` (who loved what, filled
 * on every import but never queried).
 */
export const sql = `
DROP INDEX IF EXISTS models_lookup;
DROP TABLE IF EXISTS models;
DROP TABLE IF EXISTS settings;
DROP TABLE IF EXISTS dataset_loved;
`;
