import type { Rng } from '../numeric/rng';

/**
 * Uniform negative sampling over the items a user has not interacted with (rejection sampling
 * against a hash set of user·nItems + item keys), seeded through the caller's Rng.
 */
export class NegativeSampler {
  private readonly seen = new Set<number>();

  constructor(
    private readonly nItems: number,
    users: ArrayLike<number>,
    items: ArrayLike<number>,
  ) {
    for (let k = 0; k < users.length; k++) this.seen.add(users[k] * nItems + items[k]);
  }

  /** One item the user has not rated (any item after 50 failed draws: a user who rated nearly all). */
  sample(user: number, rng: Rng): number {
    for (let attempt = 0; attempt < 50; attempt++) {
      const i = rng.int(this.nItems);
      if (!this.seen.has(user * this.nItems + i)) return i;
    }
    return rng.int(this.nItems);
  }
}

/** The same for one person known by their rated items. */
export function sampleUnrated(rated: Set<number>, nItems: number, rng: Rng): number {
  for (let attempt = 0; attempt < 50; attempt++) {
    const i = rng.int(nItems);
    if (!rated.has(i)) return i;
  }
  return rng.int(nItems);
}
