import { afterAll, describe, expect, it } from 'vitest';
import {
  importHistory,
  KEPT_IMPORTS,
  recordImport,
  undoImport,
} from '../../main/catalogue/import-journal';
import { createProfile, deleteProfile } from '../../main/catalogue/profiles';
import { freshCatalogue, removeTempDirs } from '../fixtures/catalogue-helpers';

afterAll(removeTempDirs);

/** Issue 12, item 4: the journal of imports (migration 003) keeps the newest few per profile. */
describe('the import journal', () => {
  it(`keeps the newest ${KEPT_IMPORTS} imports of each profile, and forgets a deleted profile's`, () => {
    const { db } = freshCatalogue();
    const ada = createProfile(db, 'Ada');
    const bea = createProfile(db, 'Bea');
    const record = (profileId: number) =>
      recordImport(db, {
        profileId,
        format: 'letterboxd',
        source: '/x/ratings.csv',
        conflictPolicy: 'newest-wins',
        changes: [],
      });
    const ids = Array.from({ length: KEPT_IMPORTS + 2 }, () => record(ada.id));
    const beaImport = record(bea.id);

    expect(importHistory(db, ada.id).map((h) => h.importId)).toEqual(ids.slice(2).reverse());
    expect(() => undoImport(db, ada.id, ids[0])).toThrow(/no import/);
    expect(importHistory(db, bea.id).map((h) => h.importId)).toEqual([beaImport]);

    deleteProfile(db, bea.id);
    expect(
      db.prepare('SELECT COUNT(*) FROM profile_imports WHERE id = ?').pluck().get(beaImport),
    ).toBe(0);
    db.close();
  });
});
