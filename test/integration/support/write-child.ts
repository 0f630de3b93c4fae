// A child process for test/integration/other-process-writes.test.ts: opens the catalogue file,
// says "ready", and on "go" (stdin) inserts one row into table t as the app writes, then exits.
// Usage: node --import tsx write-child.ts <catalogue.db> <value>
import { openCatalogue } from '../../../main/catalogue/db';

const [file, value] = process.argv.slice(2);
const db = openCatalogue(file);
process.stdout.write('ready\n');
process.stdin.once('data', () => {
  db.prepare('INSERT INTO t VALUES (?)').run(Number(value));
  db.close();
  process.exit(0);
});
