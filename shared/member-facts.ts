/** "Alice: 93% match · 4.2★" on a watch-together card, leaving out what the model does not know. */
export function memberFacts(
  name: string,
  m: { match: number | null; predictedRating: number | null },
): string {
  const facts = [
    m.match === null ? null : `${m.match}% match`,
    m.predictedRating === null ? null : `${m.predictedRating.toFixed(1)}★`,
  ].filter((f): f is string => f !== null);
  return `${name}: ${facts.length > 0 ? facts.join(' · ') : 'no guess yet'}`;
}
