import { countOf, spokenList } from './counts';
import type { ImportSummary } from './domain';

/**
 * "1 tag and 2 links of movies the release's movie list does not have were left out"; null when
 * the release's tags and links were all of its movies.
 */
export function leftOutText(leftOut: ImportSummary['leftOut']): string | null {
  if (!leftOut || leftOut.tags + leftOut.links === 0) return null;
  const parts = [
    ...(leftOut.tags > 0 ? [countOf(leftOut.tags, 'tag')] : []),
    ...(leftOut.links > 0 ? [countOf(leftOut.links, 'link')] : []),
  ];
  const were = leftOut.tags + leftOut.links === 1 ? 'was' : 'were';
  return `${spokenList(parts)} of movies the release's movie list does not have ${were} left out`;
}
