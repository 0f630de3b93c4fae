export class UnknownMovieError extends Error {
  constructor(readonly movieId: number) {
    super(`movie ${movieId} is not known to the model`);
    this.name = 'UnknownMovieError';
  }
}
