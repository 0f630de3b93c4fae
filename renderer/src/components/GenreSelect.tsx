import { useCatalogue } from '../stores/catalogue';

/** A labelled genre picker over the catalogue's genres, "Any genre" meaning no filter. */
export function GenreSelect({
  value,
  testId,
  onChange,
}: {
  value: string;
  testId: string;
  onChange: (genre: string) => void;
}) {
  const genres = useCatalogue((s) => s.genres);
  return (
    <label className="field">
      Genre
      <select
        className="select"
        value={value}
        data-testid={testId}
        onChange={(e) => onChange(e.target.value)}
      >
        <option value="">Any genre</option>
        {genres.map((g) => (
          <option key={g} value={g}>
            {g}
          </option>
        ))}
      </select>
    </label>
  );
}
