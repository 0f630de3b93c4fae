interface Props {
  /** 0..1, or null when the total is unknown. */
  fraction: number | null;
  label: string;
  facts?: string[];
  testId?: string;
}

export function ProgressBar({ fraction, label, facts = [], testId = 'progress' }: Props) {
  const clamped = fraction === null ? null : Math.max(0, Math.min(1, fraction));
  return (
    <div className="progress" data-testid={testId}>
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <strong>{label}</strong>
        {clamped !== null && <span className="faint">{Math.round(clamped * 100)}%</span>}
      </div>
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={clamped === null ? undefined : Math.round(clamped * 100)}
      >
        <div
          className={`progress-fill ${clamped === null ? 'indeterminate' : ''}`}
          style={clamped === null ? undefined : { width: `${clamped * 100}%` }}
        />
      </div>
      {facts.length > 0 && (
        <div className="progress-facts">
          {facts.map((f) => (
            <span key={f}>{f}</span>
          ))}
        </div>
      )}
    </div>
  );
}
