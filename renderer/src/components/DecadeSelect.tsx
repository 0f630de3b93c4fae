import { decadeLabel } from '../util/format';

const decades = Array.from({ length: 11 }, (_, i) => 1920 + i * 10);

/** A labelled decade picker, 1920s to 2020s, "Any decade" meaning no filter. */
export function DecadeSelect({
  value,
  testId,
  onChange,
}: {
  value: number | null;
  testId: string;
  onChange: (decade: number | null) => void;
}) {
  return (
    <label className="field">
      Decade
      <select
        className="select"
        value={value ?? ''}
        data-testid={testId}
        onChange={(e) => onChange(e.target.value ? Number(e.target.value) : null)}
      >
        <option value="">Any decade</option>
        {decades.map((d) => (
          <option key={d} value={d}>
            {decadeLabel(d)}
          </option>
        ))}
      </select>
    </label>
  );
}
