// A child process for the kill -9 test (test/integration/catalogue-kill-safety.test.ts): opens
// the catalogue file, says "importing" on stdout, imports the release, says "done".
// Usage: node --import tsx import-child.ts <catalogue.db> <release folder>
import { openCatalogue } from '../../../main/catalogue/db';
import { importRelease } from '../../../main/importers/import-release';

const [file, source] = process.argv.slice(2);
const db = openCatalogue(file);
process.stdout.write('importing\n');
await importRelease(db, source);
db.close();
process.stdout.write('done\n');
