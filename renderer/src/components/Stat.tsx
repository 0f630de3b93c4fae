import { formatCount } from '../util/format';

/** One figure of a summary's grid: a large value over its label. */
export function Stat({
  label,
  value,
  testId,
}: {
  label: string;
  value: number | string;
  testId?: string;
}) {
  return (
    <div className="stat" data-testid={testId}>
      <div className="stat-value">{typeof value === 'number' ? formatCount(value) : value}</div>
      <div className="stat-label">{label}</div>
    </div>
  );
}
