import { createHash } from 'node:crypto';
import type { ModelSettings } from './model-definition';

/**
 * A short digest of a model's settings (key order does not matter), part of the model version: a
 * retrain with other settings is another model, and profiles' personal states made for the old
 * one are never reused. Results rows name the settings they ran with by this hash too.
 */
export function settingsHash(settings: ModelSettings): string {
  const sorted = Object.fromEntries(
    Object.entries(settings).sort(([a], [b]) => a.localeCompare(b)),
  );
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 8);
}
