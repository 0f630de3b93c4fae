import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCatalogue } from '../../main/catalogue/db';
import { findReleaseByFormat } from '../../main/catalogue/releases';
import { importRelease } from '../../main/importers/import-release';
import { switchActiveRelease } from '../../main/importers/profile-matching';
import { backupPort } from '../../main/service/backup-port';
import { cataloguePort } from '../../main/service/catalogue-port';
import { createServiceFromPorts } from '../../main/service/create-service';
import { evalPort } from '../../main/service/engine-port';
import { importPort } from '../../main/service/import-port';
import { fixtures } from '../fixtures/catalogue-helpers';
import { recordingEngine } from '../helpers/recording-engine';
import { call, tempDir } from '../helpers/service-fixture';

const release = (name: string) => path.join(fixtures, 'releases', 'switch', name);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the running app and the CLI beside it', () => {
  const temp = tempDir();
  afterAll(() => temp.remove());

  it("says catalogue.changed once for its own imports and restores, and for another program's", async () => {
    const dbFile = path.join(temp.dir, 'catalogue.db');
    const db = openCatalogue(dbFile);
    const engine = recordingEngine();
    const service = createServiceFromPorts(
      {
        catalogue: cataloguePort(db, dbFile),
        backups: backupPort(db, dbFile, { rolling: false }),
        importer: importPort(dbFile),
        engine,
        evaluation: evalPort(path.join(temp.dir, 'models')),
      },
      { dbFile, watchOutsideChangesMs: 20 },
    );
    const changes: string[] = [];
    service.onEvent((event, payload) => {
      if (event === 'catalogue.changed') changes.push((payload as { reason: string }).reason);
    });
    const waitForChanges = async (n: number) => {
      for (const until = Date.now() + 10_000; changes.length < n && Date.now() < until;)
        await sleep(10);
    };

    await call(service, service.newSession(), 'catalogue.import', {
      source: release('ml-latest-small'),
      jobId: 'small',
    });
    await sleep(200); // ten looks: the app's own import is said once, by the import
    expect(changes).toEqual([expect.stringMatching(/^imported ml-latest-small/)]);

    // the CLI, another connection on the same file, imports a larger release
    const cli = openCatalogue(dbFile);
    await importRelease(cli, release('ml-latest'));
    await waitForChanges(2);
    // and then makes the smaller one the release the app learns from
    switchActiveRelease(cli, findReleaseByFormat(cli, 'ml-latest-small')!.id);
    await waitForChanges(3);
    await sleep(200);

    const outside = "another program changed the catalogue's releases";
    expect(changes).toEqual([expect.stringMatching(/^imported/), outside, outside]);
    expect(engine.catalogueChanges).toBe(3);

    // a restore of the app's own, back to the catalogue before the CLI's import, is said once
    const session = service.newSession();
    const file = path.join(temp.dir, 'before.backup');
    cli.close();
    await call(service, session, 'catalogue.backup', { file });
    const second = openCatalogue(dbFile);
    await importRelease(second, release('ml-32m'));
    second.close();
    await waitForChanges(4);
    await call(service, session, 'catalogue.restore', { source: file });
    await sleep(200);
    expect(changes.slice(3)).toEqual([outside, 'restored a backup']);
    await service.close();
  });
});
