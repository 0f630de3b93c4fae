import type { ReactNode } from 'react';
import type { ConflictPolicy, ExportImportSummary } from '../../../shared/domain';
import { notReadText } from '../../../shared/export-contents';
import { useNavigation } from '../stores/navigation';
import { useSearch } from '../stores/search';
import { countOf } from '../util/format';

/** Whose rating stays when an export rates a movie differently from the profile. */
export const conflictPolicies: Array<{ policy: ConflictPolicy; label: string; explain: string }> = [
  {
    policy: 'newest-wins',
    label: 'Newest wins',
    explain: 'For each movie, the rating given last stays.',
  },
  { policy: 'keep-mine', label: 'Keep mine', explain: 'Your ratings here stay as they are.' },
  { policy: 'take-theirs', label: 'Take theirs', explain: 'The export’s ratings replace yours.' },
];

/** Shown open when short enough to read at a glance. */
const OPEN_AT_MOST = 20;
const SHOWN_AT_MOST = 500;

/** A folded table of rows, open when short; the first SHOWN_AT_MOST of a long one. */
function FoldedRows({
  count,
  testId,
  summary,
  head,
  children,
}: {
  count: number;
  testId: string;
  summary: string;
  head: ReactNode;
  children: ReactNode;
}) {
  return (
    <details open={count <= OPEN_AT_MOST} data-testid={`${testId}-details`}>
      <summary>{summary}</summary>
      <table className="table" data-testid={`${testId}-rows`}>
        <thead>
          <tr>{head}</tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
      {count > SHOWN_AT_MOST && <p className="muted">The first {SHOWN_AT_MOST} are shown.</p>}
    </details>
  );
}

const unmatchedTestIds = {
  row: 'unmatched',
  'watchlist row': 'watchlist-unmatched',
  'watched row': 'seen-unmatched',
} as const;

/**
 * The rows of a personal export that match no movie in the catalogue, which will not come in
 * (a preview, `imported` false) or did not. Each can be looked up by hand in search, where a
 * title spelt otherwise can be found and rated.
 */
export function UnmatchedRows({
  rows,
  imported,
  noun = 'row',
}: {
  rows: ExportImportSummary['unmatched'];
  imported: boolean;
  /** What a row is: a list's rows (watchlist, watched) carry no rating. */
  noun?: keyof typeof unmatchedTestIds;
}) {
  if (rows.length === 0) return null;
  const rated = noun === 'row';
  const lookUp = (title: string) => {
    useSearch.getState().lookUp(title);
    useNavigation.getState().go('search');
  };
  return (
    <FoldedRows
      count={rows.length}
      testId={unmatchedTestIds[noun]}
      summary={
        `${countOf(rows.length, noun)} ` +
        (imported
          ? `matched no movie in the catalogue and ${rows.length === 1 ? 'was' : 'were'} not imported`
          : `${rows.length === 1 ? 'matches' : 'match'} no movie in the catalogue and will not be imported`)
      }
      head={
        <>
          <th>Line</th>
          <th>Title</th>
          <th>Year</th>
          {rated && <th>Rating</th>}
          <th>
            <span className="visually-hidden">Look up</span>
          </th>
        </>
      }
    >
      {rows.slice(0, SHOWN_AT_MOST).map((row) => (
        <tr key={row.line}>
          <td>{row.line}</td>
          <td>
            {row.title}
            {row.kind && <span className="faint"> ({row.kind})</span>}
          </td>
          <td>{row.year ?? '–'}</td>
          {rated && <td>{row.rating ?? '–'}</td>}
          <td>
            <button
              type="button"
              className="button small"
              aria-label={`Search for ${row.title}`}
              onClick={() => lookUp(row.title)}
            >
              Search
            </button>
          </td>
        </tr>
      ))}
    </FoldedRows>
  );
}

/** The rows left out for another reason (no rating, a movie already on an earlier line). */
export function SkippedRows({
  rows,
  imported,
}: {
  rows: ExportImportSummary['skipped'];
  imported: boolean;
}) {
  if (rows.length === 0) return null;
  return (
    <FoldedRows
      count={rows.length}
      testId="skipped"
      summary={`${countOf(rows.length, 'row')} ${imported ? (rows.length === 1 ? 'was' : 'were') : 'will be'} skipped`}
      head={
        <>
          <th>Line</th>
          <th>Why</th>
        </>
      }
    >
      {rows.slice(0, SHOWN_AT_MOST).map((row) => (
        <tr key={row.line}>
          <td>{row.line}</td>
          <td>{row.reason}</td>
        </tr>
      ))}
    </FoldedRows>
  );
}

/** The export's files no import reads (Letterboxd's diary, likes, reviews), named. */
export function NotReadFiles({ files }: { files: readonly string[] }) {
  const text = notReadText(files);
  return text ? (
    <p className="faint" data-testid="export-not-read">
      {text}.
    </p>
  ) : null;
}
