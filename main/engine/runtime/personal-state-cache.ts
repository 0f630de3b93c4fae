import type { ListFreshness } from '../../../shared/domain';
import type { Person } from '../lists/person';
import type { PersonHistory } from '../models/model-definition';
import type { PersonalStore, StoredPersonalState } from './personal-store';

/** The person the lists score for, built from a profile's ratings as they were at `ratingsHash`. */
export interface CachedPerson {
  ratingsHash: string;
  history: PersonHistory;
  person: Person;
  freshness: ListFreshness['personalModel'];
}

/**
 * The personal states the engine has in memory, per profile: the person built for the lists and
 * the state stored on disk (read once). Entries belong to the loaded model and list data, so the
 * engine drops them all when either changes, and a profile's when it is deleted.
 */
export class PersonalStateCache {
  private readonly persons = new Map<number, CachedPerson>();
  /** null: read, and nothing is stored. */
  private readonly stored = new Map<number, StoredPersonalState | null>();

  constructor(private readonly store: PersonalStore) {}

  /** The cached person, when it was built from ratings with this hash. */
  person(profileId: number, ratingsHash: string): CachedPerson | undefined {
    const cached = this.persons.get(profileId);
    return cached?.ratingsHash === ratingsHash ? cached : undefined;
  }

  setPerson(profileId: number, person: CachedPerson): void {
    this.persons.set(profileId, person);
  }

  /** The profile's stored personal state, read from disk the first time. */
  async storedState(profileId: number): Promise<StoredPersonalState | null> {
    if (this.stored.has(profileId)) return this.stored.get(profileId) ?? null;
    const state = await this.store.load(profileId);
    // Dropped meanwhile: what was read may already be gone from disk.
    if (!this.stored.has(profileId)) this.stored.set(profileId, state);
    return state;
  }

  /** Writes a fine-tuned state to disk (fineTuned() then takes it into memory). */
  save(stored: StoredPersonalState): Promise<void> {
    return this.store.save(stored);
  }

  /**
   * A fine-tuned state was saved: it is the profile's stored state, and the cached person takes
   * it when built from the same ratings; with no person cached, it becomes `personOf(history)`.
   */
  fineTuned(
    stored: StoredPersonalState,
    history: PersonHistory,
    personOf: (history: PersonHistory) => Person,
  ): void {
    const profileId = stored.profileId;
    this.stored.set(profileId, stored);
    const cached = this.persons.get(profileId);
    if (cached && cached.ratingsHash !== stored.ratingsHash) return;
    const fitted = cached?.history ?? history;
    this.persons.set(profileId, {
      ratingsHash: stored.ratingsHash,
      history: fitted,
      person: personOf(fitted),
      freshness: 'fine-tuned',
    });
  }

  /** Forgets a profile (its stored state stays on disk). */
  drop(profileId: number): void {
    this.persons.delete(profileId);
    this.stored.delete(profileId);
  }

  /** Forgets a profile and deletes its stored state. */
  async remove(profileId: number): Promise<void> {
    this.drop(profileId);
    await this.store.remove(profileId);
  }

  clear(): void {
    this.persons.clear();
    this.stored.clear();
  }
}
