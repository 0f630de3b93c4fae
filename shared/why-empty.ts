/**
 * Why "people like you" is empty, in words a person can act on: `rated` is how many movies the
 * profile rated, `needed` how many of them a dataset user must share to be listed (the API's
 * `inCommonNeeded`; null when the service did not say).
 */
export function whyNoPeopleLikeYou(rated: number, needed: number | null): string {
  if (rated === 0)
    return 'Rate a few movies you have seen and the people with your taste will show up here.';
  if (needed === null || rated >= needed)
    return (
      'No viewer in the catalogue shares enough of your movies yet. Rate a few more; ' +
      'well-known ones find the most people.'
    );
  const more = needed - rated;
  return (
    `People like you are viewers who rated at least ${needed} of the movies you did: ` +
    `rate ${more} more to start finding them.`
  );
}

/**
 * The movies a filtered list was asked for, as "No … suits all of you" names them: "movie",
 * "Comedy movie", "1980s Comedy movie with 100+ ratings tagged “zombie”".
 */
export function filteredMoviesText(
  filters: { genre?: string; decade?: number | null; minPopularity?: number; tag?: string },
  marks: 'curly' | 'straight' = 'curly',
): string {
  const decade = filters.decade == null ? '' : `${filters.decade}s `;
  const genre = filters.genre ? `${filters.genre} ` : '';
  const ratings = filters.minPopularity ? ` with ${filters.minPopularity}+ ratings` : '';
  const tag = filters.tag
    ? marks === 'curly'
      ? ` tagged “${filters.tag}”`
      : ` tagged "${filters.tag}"`
    : '';
  return `${decade}${genre}movie${ratings}${tag}`;
}

/** What a search's genre and years asked for, as a sentence reads them: "Comedy movies from 1990 to 1999". */
export function filteredMovies(
  genre: string | undefined,
  yearFrom: number | null | undefined,
  yearTo: number | null | undefined,
): string {
  const from = yearFrom ?? null;
  const to = yearTo ?? null;
  const years =
    from !== null && to !== null
      ? from === to
        ? ` from ${from}`
        : ` from ${from} to ${to}`
      : from !== null
        ? ` from ${from} on`
        : to !== null
          ? ` up to ${to}`
          : '';
  return `${genre ? `${genre} ` : ''}movies${years}`;
}

/** What the page and the CLI say of a movie that the release the app learns from never rated. */
export function noRatingsText(release: string | undefined): string {
  return release ? `No ratings in ${release}, the release the app learns from` : 'No ratings';
}
