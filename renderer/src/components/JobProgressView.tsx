import type { JobView } from '../stores/jobs';
import { formatBytes, formatCount, formatEta } from '../util/format';
import { ProgressBar } from './ProgressBar';

interface Props {
  job: JobView;
  title: string;
  onCancel?: () => void;
  cancelling?: boolean;
}

/** The words under a progress bar: what is counted, how far, and how long is left. */
export function progressFacts(job: JobView): string[] {
  const p = job.progress;
  if (!p) return ['Starting…'];
  const facts: string[] = [];
  if (p.rows !== undefined) facts.push(`${formatCount(p.rows)} rows so far`);
  if (p.bytes !== undefined)
    facts.push(
      p.unit === 'bytes' && p.total
        ? `${formatBytes(p.bytes)} of ${formatBytes(p.total)} read`
        : formatBytes(p.bytes),
    );
  if (p.unit === 'epochs' || p.unit === 'steps' || p.unit === 'batches' || p.unit === 'profiles') {
    facts.push(
      `${p.unit.replace(/s$/, '')} ${formatCount(p.current)}${p.total ? ` of ${formatCount(p.total)}` : ''}`,
    );
  }
  if (p.loss !== undefined) facts.push(`loss ${p.loss.toFixed(4)}`);
  if (p.etaSeconds !== undefined && p.etaSeconds !== null)
    facts.push(`about ${formatEta(p.etaSeconds)} left`);
  return facts;
}

export function JobProgressView({ job, title, onCancel, cancelling }: Props) {
  const p = job.progress;
  const fraction = p && p.total ? p.current / p.total : null;
  const phase = p?.phase ? `${title}: ${p.phase}` : title;
  return (
    <div className="stack" data-testid={`job-${job.kind}`}>
      <ProgressBar
        fraction={fraction}
        label={phase}
        facts={progressFacts(job)}
        testId={`progress-${job.kind}`}
      />
      {onCancel && (
        <div className="row">
          <button
            type="button"
            className="button danger"
            onClick={onCancel}
            disabled={cancelling}
            data-testid="cancel-job"
          >
            {cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        </div>
      )}
    </div>
  );
}
