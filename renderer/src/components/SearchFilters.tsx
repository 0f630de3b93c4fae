import { useSearch } from '../stores/search';
import { GenreSelect } from './GenreSelect';
import { SearchSortSelect } from './SearchSortSelect';

function yearOrNull(text: string): number | null {
  const n = Number(text);
  return text.trim() && Number.isInteger(n) ? n : null;
}

export function SearchFilters() {
  const { genre, yearFrom, yearTo, setFilters } = useSearch();
  return (
    <div className="filters" role="group" aria-label="Search filters">
      <GenreSelect value={genre} testId="search-genre" onChange={(g) => setFilters({ genre: g })} />
      <label className="field">
        From year
        <input
          className="input"
          type="number"
          inputMode="numeric"
          style={{ width: 110 }}
          placeholder="Any"
          value={yearFrom ?? ''}
          data-testid="search-year-from"
          onChange={(e) => setFilters({ yearFrom: yearOrNull(e.target.value) })}
        />
      </label>
      <label className="field">
        To year
        <input
          className="input"
          type="number"
          inputMode="numeric"
          style={{ width: 110 }}
          placeholder="Any"
          value={yearTo ?? ''}
          data-testid="search-year-to"
          onChange={(e) => setFilters({ yearTo: yearOrNull(e.target.value) })}
        />
      </label>
      <SearchSortSelect />
    </div>
  );
}
