import { useEffect, useState } from 'react';
import { modelInWords, personalisationInWords } from '../util/model-in-words';
import type { EngineStatus } from '../../../shared/domain';
import { LossChart } from '../components/charts';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { JobProgressView } from '../components/JobProgressView';
import { ErrorMessage, Loading } from '../components/StateMessages';
import { useActiveReleaseName } from '../stores/catalogue';
import { useEngine } from '../stores/engine';
import { runningJob, useJobs, type LossPoint } from '../stores/jobs';
import { useProfiles } from '../stores/profiles';
import { countOf, formatDay, formatDuration, formatRelativeTime, formatWhen } from '../util/format';

type ProfileModel = NonNullable<EngineStatus['profile']>;
type ShippedModel = NonNullable<EngineStatus['model']>;

/** Epochs with a real loss: one logged as 0 or not at all would pull the curve to the floor. */
export function chartableLosses(points: LossPoint[]): LossPoint[] {
  return points.filter((p) => Number.isFinite(p.loss) && p.loss > 0);
}

/**
 * "Your recommendations were last updated 2 minutes ago from your 37 ratings." A model that does
 * not fine-tune (`fineTunes` false) uses every rating at once, so there is no update to wait for.
 */
export function freshnessSentence(
  profile: ProfileModel,
  now = Date.now(),
  fineTunes = true,
): string {
  const ratings = `your ${countOf(profile.ratingCount, 'rating')}`;
  if (!fineTunes) {
    return profile.ratingCount === 0
      ? 'Rate a few movies you have seen and your recommendations will learn from them.'
      : `Your recommendations use ${ratings}, each from the moment you gave it.`;
  }
  if (profile.state === 'training')
    return `Your recommendations are being updated from ${ratings} now.`;
  if (profile.lastFineTunedAt === null) {
    return profile.ratingCount === 0
      ? 'Rate a few movies you have seen and your recommendations will learn from them.'
      : `Your recommendations use ${ratings}; a personal model has not been trained yet.`;
  }
  const when = formatRelativeTime(profile.lastFineTunedAt, now);
  if (profile.state === 'stale') {
    return `Your recommendations were last updated ${when}. You have ${countOf(profile.ratingCount, 'rating')} now; the newest are learnt shortly.`;
  }
  return `Your recommendations were last updated ${when} from ${ratings}.`;
}

function InPlainWords({
  profile,
  model,
}: {
  profile: ProfileModel | null;
  model: ShippedModel | null;
}) {
  const personalisation = personalisationInWords(model?.fineTunes);
  const words = model && modelInWords(model.name, model.description, model);
  return (
    <div className="card stack plain-words" data-testid="model-plain">
      <p className="lead" data-testid="model-freshness">
        {profile
          ? freshnessSentence(profile, Date.now(), model?.fineTunes ?? true)
          : 'Choose a profile to see how its recommendations are made.'}
      </p>
      {personalisation && <p data-testid="model-personalisation">{personalisation}.</p>}
      {model && (
        <p className="muted" data-testid="model-description">
          {words ? `${words}. ` : ''}
          Trained on {model.dataset}, {formatDay(model.trainedAt)}.
        </p>
      )}
    </div>
  );
}

/** Pretraining replaces the model that came with the app, so it asks first. */
function PretrainButton({ disabled, onPretrain }: { disabled: boolean; onPretrain: () => void }) {
  const [asking, setAsking] = useState(false);
  return (
    <>
      <button
        type="button"
        className="button"
        disabled={disabled}
        data-testid="pretrain"
        onClick={() => setAsking(true)}
      >
        Pretrain from the catalogue
      </button>
      {asking && (
        <ConfirmDialog
          title="Replace the model that came with Movie Assistant?"
          message="Pretraining learns a new model from the whole catalogue on this computer. It takes a while, and the new model replaces the one Movie Assistant shipped with."
          confirmLabel="Pretrain and replace"
          onClose={() => setAsking(false)}
          onConfirm={async () => {
            setAsking(false);
            onPretrain();
          }}
        />
      )}
    </>
  );
}

const profileStateText = {
  none: 'Not fine-tuned yet',
  'folded-in': 'Uses your ratings as they are',
  'fine-tuned': 'Fine-tuned and current',
  stale: 'Fine-tuned, newer ratings not yet learnt',
  training: 'Fine-tuning now',
} as const;

/**
 * The model's evaluation figures; none for a model pretrained on this computer, whose `why`
 * (when it has one) is the evaluation that made its kind the default, not of these weights.
 */
function MetricsTable({
  metrics,
  why,
}: {
  metrics: NonNullable<EngineStatus['model']>['metrics'];
  why: boolean;
}) {
  if (metrics.length === 0)
    return (
      <p className="muted" data-testid="model-no-metrics">
        {why
          ? 'This model was not evaluated itself: the figures above are from the runs that made its kind the default. npm run bench -- quality measures it.'
          : 'No evaluation figures were recorded for this model: npm run bench -- quality measures it.'}
      </p>
    );
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

/** The figures an engineer wants: backend, personal-model state, and the evaluation table. */
function TechnicalDetails({ status }: { status: EngineStatus }) {
  const model = status.model;
  const profile = status.profile;
  return (
    <details className="card technical" data-testid="model-technical">
      <summary>
        <h2>Technical details</h2>
        <span className="faint">Backend, training times and evaluation figures</span>
      </summary>
      <div className="stack technical-body">
        <div className="two-columns">
          <div className="stack">
            <h3>Engine</h3>
            <div className="stat-grid two">
              <div className="stat">
                <div className="stat-value" data-testid="backend">
                  {status.backend}
                </div>
                <div className="stat-label">Backend in use</div>
              </div>
              <div className="stat">
                <div className="stat-value small">{model?.name ?? 'none'}</div>
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
          <div className="stack">
            <h3>Your personal model</h3>
            {profile && model?.fineTunes === false ? (
              <p className="muted" data-testid="profile-model-state">
                Folded in from your {countOf(profile.ratingCount, 'rating')} each time your ratings
                change; this model trains nothing more per person.
              </p>
            ) : profile ? (
              <div className="stat-grid two">
                <div className="stat">
                  <div className="stat-value small" data-testid="profile-model-state">
                    {profileStateText[profile.state]}
                  </div>
                  <div className="stat-label">State</div>
                </div>
                <div className="stat">
                  <div className="stat-value small" data-testid="last-finetune">
                    {formatWhen(profile.lastFineTunedAt)}
                  </div>
                  <div className="stat-label">Last fine-tune</div>
                </div>
                <div className="stat">
                  <div className="stat-value small">
                    {profile.lastFineTuneSeconds === null
                      ? '–'
                      : formatDuration(profile.lastFineTuneSeconds)}
                  </div>
                  <div className="stat-label">It took</div>
                </div>
                <div className="stat">
                  <div className="stat-value small">{profile.ratingCount}</div>
                  <div className="stat-label">Ratings learnt from</div>
                </div>
              </div>
            ) : (
              <p className="muted">Choose a profile to see its personal model.</p>
            )}
          </div>
        </div>
        {model && (
          <div className="stack">
            <div className="panel-title">
              <h3>
                {model.name} <span className="faint">v{model.version}</span>
              </h3>
              <span className="faint">
                trained on {model.dataset} · {formatDay(model.trainedAt)}
              </span>
            </div>
            {model.why && <p className="muted">{model.why}</p>}
            <MetricsTable metrics={model.metrics} why={!!model.why} />
          </div>
        )}
      </div>
    </details>
  );
}

/** The engine in plain words first; the backend, figures and tables folded away below. */
export function ModelScreen() {
  const profileId = useProfiles((s) => s.currentId);
  const { status, loading, error, trainingJobId, load, fineTune, pretrain } = useEngine();
  const release = useActiveReleaseName();
  const watched = useJobs((s) => (trainingJobId ? s.jobs[trainingJobId] : null));
  const background = useJobs((s) => runningJob(s.jobs, ['finetune', 'pretrain']));
  const job = background ?? watched;
  const cancel = useJobs((s) => s.cancel);
  const busy = job?.status === 'running';
  const losses = chartableLosses(job?.losses ?? []);

  useEffect(() => {
    void load(profileId);
  }, [profileId, load]);

  const model = status?.model ?? null;
  const fineTunes = model?.fineTunes !== false;

  return (
    <section className="screen stack" aria-labelledby="model-title" data-testid="screen-model">
      <div className="screen-header">
        <div>
          <h1 id="model-title">Model</h1>
          <p>How Movie Assistant learns your taste, on this computer.</p>
        </div>
        <div className="row">
          {fineTunes && (
            <button
              type="button"
              className="button primary"
              disabled={busy || profileId === null}
              data-testid="finetune-now"
              onClick={() => profileId !== null && void fineTune(profileId)}
            >
              Fine-tune now
            </button>
          )}
          <PretrainButton disabled={busy} onPretrain={() => void pretrain()} />
        </div>
      </div>
      {error && <ErrorMessage message={error} onRetry={() => void load(profileId)} />}
      {!status && !error && <Loading />}
      {status && <InPlainWords profile={status.profile} model={model} />}
      {status?.pretrainNeeded && model && (
        <p className="alert info" data-testid="model-pretrain-needed">
          This model was trained on <span className="nowrap">{model.dataset}</span>, not on{' '}
          {release ? (
            <>
              <span className="nowrap">{release}</span>, the release Movie Assistant now learns from
            </>
          ) : (
            'the release Movie Assistant now learns from'
          )}
          : the lists use it as it is. Pretrain from the catalogue to learn{' '}
          {release ? <span className="nowrap">{release}</span> : 'that release'}.
        </p>
      )}

      {job && (job.status === 'running' || losses.length > 0) && (
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
          {losses.length > 0 ? (
            <LossChart points={losses} />
          ) : (
            <p className="muted">The loss curve appears after the first epoch.</p>
          )}
        </div>
      )}

      {status && !model && !loading && (
        <div className="empty">
          No model is trained yet. Pretrain one from the catalogue to get personal lists.
        </div>
      )}
      {status && <TechnicalDetails status={status} />}
    </section>
  );
}
