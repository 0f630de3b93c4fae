import { useCatalogue } from '../stores/catalogue';
import { useSearch } from '../stores/search';

function yearOrNull(text: string): number | null {
  const n = Number(text);
  return text.trim() && Number.isInteger(n) ? n : null;
}

export function SearchFilters() {
  const genres = useCatalogue((s) => s.genres);
  const { genre, yearFrom, yearTo, setFilters } = useSearch();
  return (
    <div className="filters" role="group" aria-label="Search filters">
      <label className="field">
        Genre
        <select
          className="select"
          value={genre}
          data-testid="search-genre"
          onChange={(e) => setFilters({ genre: e.target.value })}
        >
          <option value="">Any genre</option>
          {genres.map((g) => (
            <option key={g} value={g}>
              {g}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        From year
        <input
          className="input"
          type="number"
          inputMode="numeric"
          style={{ width: 110 }}
          placeholder="1900"
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
          placeholder="2025"
          value={yearTo ?? ''}
          data-testid="search-year-to"
          onChange={(e) => setFilters({ yearTo: yearOrNull(e.target.value) })}
        />
      </label>
    </div>
  );
}
