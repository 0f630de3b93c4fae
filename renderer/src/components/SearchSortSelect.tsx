import { useSearch, type SearchSort } from '../stores/search';

const SORTS: Array<{ value: SearchSort; label: string }> = [
  { value: 'relevance', label: 'Best match' },
  { value: 'popularity', label: 'Most rated' },
  { value: 'rating', label: 'Highest rated' },
  { value: 'year', label: 'Newest' },
];

/** How search results are ordered: relevance, popularity, mean rating or year. */
export function SearchSortSelect() {
  const sort = useSearch((s) => s.sort);
  const setFilters = useSearch((s) => s.setFilters);
  return (
    <label className="field">
      Sort by
      <select
        className="select"
        value={sort}
        data-testid="search-sort"
        onChange={(e) => setFilters({ sort: e.target.value as SearchSort })}
      >
        {SORTS.map((s) => (
          <option key={s.value} value={s.value}>
            {s.label}
          </option>
        ))}
      </select>
    </label>
  );
}
