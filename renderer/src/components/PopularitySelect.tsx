const popularity = [0, 10, 50, 100, 200];

/** "At least N ratings" in the catalogue: a well-known film for tonight; 0 meaning no filter. */
export function PopularitySelect({
  value,
  testId,
  onChange,
}: {
  value: number;
  testId: string;
  onChange: (minPopularity: number) => void;
}) {
  return (
    <label className="field">
      At least
      <select
        className="select"
        value={value}
        data-testid={testId}
        onChange={(e) => onChange(Number(e.target.value))}
      >
        {popularity.map((n) => (
          <option key={n} value={n}>
            {n === 0 ? 'any number of ratings' : `${n} ratings`}
          </option>
        ))}
      </select>
    </label>
  );
}
