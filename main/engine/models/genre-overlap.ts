/** Each item's genre ids as a CSR (item i's are ids[start[i]..start[i + 1])). */
export interface GenreIndex {
  start: Int32Array;
  ids: Int32Array;
}

/**
 * Similar movies' genre factor: (1 + J)^gamma, J the Jaccard overlap of the seed's genres and a
 * movie's. Co-rating alone lists whatever the same people watched that year (Star Trek beside Toy
 * Story); the factor lets a shared kind of film count, by as much as validation chooses.
 */
export class GenreOverlap {
  private readonly seedHas: Uint8Array;

  constructor(private readonly genres: GenreIndex) {
    let nGenres = 0;
    for (const g of genres.ids) nGenres = Math.max(nGenres, g + 1);
    this.seedHas = new Uint8Array(nGenres);
  }

  /** Multiplies each positive score of `items` (scores[k] belongs to items(k)) by the factor. */
  boost(
    seed: number,
    gamma: number,
    scores: Float32Array,
    itemOf: (k: number) => number = (k) => k,
  ): void {
    if (gamma === 0) return;
    const { start, ids } = this.genres;
    const seedCount = start[seed + 1] - start[seed];
    for (let p = start[seed]; p < start[seed + 1]; p++) this.seedHas[ids[p]] = 1;
    for (let k = 0; k < scores.length; k++) {
      if (!(scores[k] > 0)) continue;
      const item = itemOf(k);
      let shared = 0;
      for (let p = start[item]; p < start[item + 1]; p++) shared += this.seedHas[ids[p]];
      const union = seedCount + (start[item + 1] - start[item]) - shared;
      if (union > 0) scores[k] *= (1 + shared / union) ** gamma;
    }
    for (let p = start[seed]; p < start[seed + 1]; p++) this.seedHas[ids[p]] = 0;
  }
}
