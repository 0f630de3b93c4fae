import type { ConflictPolicy, ImportCounts } from './domain';

/**
 * Whether an import writes the export's rating over the profile's own, under a conflict policy.
 * An undated rating of the export (`theirsAt` null) is never the newest.
 */
export function exportRatingWins(
  policy: ConflictPolicy,
  mineAt: number,
  theirsAt: number | null,
): boolean {
  return (
    policy === 'take-theirs' || (policy === 'newest-wins' && theirsAt !== null && theirsAt > mineAt)
  );
}

/** How many of the profile's conflicting ratings an import replaces under a conflict policy. */
export function conflictsReplaced(policy: ConflictPolicy, counts: ImportCounts): number {
  if (policy === 'keep-mine') return 0;
  return policy === 'take-theirs' ? counts.conflicting : counts.conflictingNewer;
}
