import { sql as initial } from './001-initial';
import { sql as dropUnusedTables } from './002-drop-unused-tables';
import { sql as importJournal } from './003-import-journal';
import { sql as movieMarks } from './004-movie-marks';
import { sql as activeRelease } from './005-active-release';
import { sql as ratingSpread } from './006-rating-spread';
import { sql as importWatchlist } from './007-import-watchlist';
import { sql as seenMark } from './008-seen-mark';
import { sql as activeReleaseTotals } from './009-active-release-totals';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every migration, in the order they apply. Add a numbered file and a line here; never edit one that shipped. */
export const migrations: Migration[] = [
  { version: 1, name: 'initial', sql: initial },
  { version: 2, name: 'drop-unused-tables', sql: dropUnusedTables },
  { version: 3, name: 'import-journal', sql: importJournal },
  { version: 4, name: 'movie-marks', sql: movieMarks },
  { version: 5, name: 'active-release', sql: activeRelease },
  { version: 6, name: 'rating-spread', sql: ratingSpread },
  { version: 7, name: 'import-watchlist', sql: importWatchlist },
  { version: 8, name: 'seen-mark', sql: seenMark },
  { version: 9, name: 'active-release-totals', sql: activeReleaseTotals },
];
