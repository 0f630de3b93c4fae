import { useEffect } from 'react';
import type { EngineStatus } from '../../../shared/domain';
import { LossChart } from '../components/charts';
import { JobProgressView } from '../components/JobProgressView';
import { ErrorMessage, Loading } from '../components/StateMessages';
import { useEngine } from '../stores/engine';
import { runningJob, useJobs } from '../stores/jobs';
import { useProfiles } from '../stores/profiles';
import { formatDuration, formatWhen } from '../util/format';

const profileStateText = {
  none: 'Not fine-tuned yet',
  'fine-tuned': 'Fine-tuned and current',
  stale: 'Fine-tuned, newer ratings not yet learnt',
  training: 'Fine-tuning now',
} as const;

function MetricsTable({ metrics }: { metrics: NonNullable<EngineStatus['model']>['metrics'] }) {
  if (metrics.length === 0)
    return <p className="muted">No evaluation figures were recorded for this model.</p>;
  return (
    <table className="table" data-testid="model-metrics">
      <thead>
        <tr>
          <th>Model</th>
          <th>Dataset</th>
          <th>Protocol</th>
          <th>Metric</th>
          <th>Value</th>
        </tr>
      </thead>
      <tbody>
        {metrics.map((m, i) => (
          <tr
            key={`${m.model}-${m.dataset}-${m.protocol}-${m.metric}-${i}`}
            style={m.default ? { fontWeight: 700 } : undefined}
          >
            <td>
              {m.model}
              {m.default ? ' (in use)' : ''}
            </td>
            <td>{m.dataset}</td>
            <td>{m.protocol}</td>
            <td>{m.metric}</td>
            <td>{m.value.toFixed(4)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The engine: which backend runs, the model and its figures, and training with a live loss curve. */
export function ModelScreen() {
  const profileId = useProfiles((s) => s.currentId);
  const { status, loading, error, trainingJobId, load, fineTune, pretrain } = useEngine();
  const watched = useJobs((s) => (trainingJobId ? s.jobs[trainingJobId] : null));
  const background = useJobs((s) => runningJob(s.jobs, ['finetune', 'pretrain']));
  const job = background ?? watched;
  const cancel = useJobs((s) => s.cancel);
  const busy = job?.status === 'running';

  useEffect(() => {
    void load(profileId);
  }, [profileId, load]);

  const model = status?.model ?? null;
  const profile = status?.profile ?? null;

  return (
    <section className="screen stack" aria-labelledby="model-title" data-testid="screen-model">
      <div className="screen-header">
        <div>
          <h1 id="model-title">Model</h1>
          <p>
            The recommender that runs on this computer, and how well it did on held-out ratings.
          </p>
        </div>
        <div className="row">
          <button
            type="button"
            className="button primary"
            disabled={busy || profileId === null}
            data-testid="finetune-now"
            onClick={() => profileId !== null && void fineTune(profileId)}
          >
            Fine-tune now
          </button>
          <button
            type="button"
            className="button"
            disabled={busy}
            data-testid="pretrain"
            onClick={() => void pretrain()}
          >
            Pretrain from the catalogue
          </button>
        </div>
      </div>
      {error && <ErrorMessage message={error} onRetry={() => void load(profileId)} />}
      {!status && !error && <Loading />}

      {job && (job.status === 'running' || job.losses.length > 0) && (
        <div className="card stack" data-testid="training">
          <div className="panel-title">
            <h2>{job.kind === 'pretrain' ? 'Pretraining' : 'Fine-tuning'}</h2>
            <span className="faint">{job.status === 'running' ? 'running' : job.status}</span>
          </div>
          {job.status === 'running' && (
            <JobProgressView
              job={job}
              title={job.kind === 'pretrain' ? 'Pretraining' : 'Fine-tuning'}
              onCancel={() => void cancel(job.jobId)}
            />
          )}
          {job.losses.length > 0 ? (
            <LossChart points={job.losses} />
          ) : (
            <p className="muted">The loss curve appears after the first epoch.</p>
          )}
        </div>
      )}

      {status && (
        <div className="two-columns">
          <div className="card stack">
            <h2>Engine</h2>
            <div className="stat-grid two">
              <div className="stat">
                <div className="stat-value" data-testid="backend">
                  {status.backend}
                </div>
                <div className="stat-label">Backend in use</div>
              </div>
              <div className="stat">
                <div className="stat-value">{model?.name ?? 'none'}</div>
                <div className="stat-label">Model</div>
              </div>
            </div>
            <ul className="faint" style={{ margin: 0, paddingLeft: 18 }}>
              {status.backendsTried.map((b) => (
                <li key={b.name}>
                  {b.name}: {b.ok ? 'available' : `not available${b.error ? ` (${b.error})` : ''}`}
                </li>
              ))}
            </ul>
          </div>
          <div className="card stack">
            <h2>Your personal model</h2>
            {profile ? (
              <div className="stat-grid two">
                <div className="stat">
                  <div
                    className="stat-value"
                    style={{ fontSize: 17 }}
                    data-testid="profile-model-state"
                  >
                    {profileStateText[profile.state]}
                  </div>
                  <div className="stat-label">State</div>
                </div>
                <div className="stat">
                  <div className="stat-value" style={{ fontSize: 17 }} data-testid="last-finetune">
                    {formatWhen(profile.lastFineTunedAt)}
                  </div>
                  <div className="stat-label">Last fine-tune</div>
                </div>
                <div className="stat">
                  <div className="stat-value" style={{ fontSize: 17 }}>
                    {profile.lastFineTuneSeconds === null
                      ? '–'
                      : formatDuration(profile.lastFineTuneSeconds)}
                  </div>
                  <div className="stat-label">It took</div>
                </div>
                <div className="stat">
                  <div className="stat-value" style={{ fontSize: 17 }}>
                    {profile.ratingCount}
                  </div>
                  <div className="stat-label">Ratings learnt from</div>
                </div>
              </div>
            ) : (
              <p className="muted">Choose a profile to see its personal model.</p>
            )}
          </div>
        </div>
      )}

      {model && (
        <div className="card stack">
          <div className="panel-title">
            <h2>
              {model.name} <span className="faint">v{model.version}</span>
            </h2>
            <span className="faint">
              trained on {model.dataset} · {model.trainedAt}
            </span>
          </div>
          {model.why && <p className="muted">{model.why}</p>}
          <MetricsTable metrics={model.metrics} />
        </div>
      )}
      {status && !model && !loading && (
        <div className="empty">
          No model is trained yet. Pretrain one from the catalogue to get personal lists.
        </div>
      )}
    </section>
  );
}
