import { spokenList } from './counts';

/**
 * The tags a list keeps, as a sentence names them: "“heist” or “heists”", or, when the words
 * matched more tags than are named, "“true story”, “love story”, “love” or 7 other tags".
 */
export function namedTags(
  tags: readonly string[],
  otherTags = 0,
  marks: 'curly' | 'straight' = 'curly',
): string {
  const quoted = tags.map((tag) => (marks === 'curly' ? `“${tag}”` : `"${tag}"`));
  if (otherTags === 0) return spokenList(quoted, 'or');
  return `${quoted.join(', ')} or ${otherTags.toLocaleString('en')} other tag${otherTags === 1 ? '' : 's'}`;
}
