import { BackupButton } from '../components/BackupButton';
import { LockIcon } from '../components/LockIcon';
import { countOf } from '../util/format';
import { useDialogs } from '../stores/dialogs';
import { useNavigation } from '../stores/navigation';
import { useProfiles } from '../stores/profiles';
import { catalogueIsEmpty, useCatalogue } from '../stores/catalogue';
import { ErrorMessage, Loading } from '../components/StateMessages';

/** Who is watching? Pick a profile, make one, or manage them. */
export function ProfilesScreen() {
  const { profiles, loaded, error, currentId, load, select, signOut } = useProfiles();
  const show = useDialogs((s) => s.show);
  const firstRun = useCatalogue((s) => catalogueIsEmpty(s.info));

  async function pick(profileId: number) {
    await select(profileId);
    if (useProfiles.getState().currentId === profileId)
      useNavigation.getState().reset(firstRun ? 'import' : 'forYou');
  }

  return (
    <section className="screen" aria-labelledby="profiles-title" data-testid="screen-profiles">
      <div className="screen-header">
        <div>
          <h1 id="profiles-title">Who’s watching?</h1>
          <p>
            {firstRun
              ? 'Welcome to Movie Assistant. Make a profile first, then bring in a movie catalogue.'
              : 'Every profile keeps its own ratings, lists and model on this computer.'}
          </p>
        </div>
      </div>
      {!loaded && <Loading label="Loading profiles…" />}
      {error && <ErrorMessage message={error} onRetry={load} />}
      <div
        className="grid"
        style={{ gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))' }}
      >
        {profiles.map((p) => (
          <div
            key={p.id}
            className="card stack"
            // Actions keep to the card's foot, so they line up across cards of different heights.
            style={{ padding: 0, gridTemplateRows: '1fr auto' }}
            data-testid="profile-card"
          >
            <button
              type="button"
              className="profile-card button quiet"
              style={{ minHeight: 0, whiteSpace: 'normal' }}
              onClick={() => void pick(p.id)}
              data-testid={`open-profile-${p.name}`}
            >
              <span className="avatar" aria-hidden="true">
                {p.name.slice(0, 1).toUpperCase()}
              </span>
              <span className="visually-hidden">Open </span>
              <strong style={{ fontSize: 17 }}>
                {p.name}{' '}
                {p.locked && (
                  // said once: the line below says "Locked" while the profile is closed
                  <span aria-hidden={p.ratingCount === null ? 'true' : undefined}>
                    <LockIcon />
                  </span>
                )}
              </strong>
              <span className="faint">
                {p.ratingCount === null ? 'Locked' : countOf(p.ratingCount, 'rating')}
                {p.id === currentId ? ' · open now' : ''}
              </span>
            </button>
            <div
              className="row"
              style={{ justifyContent: 'center', padding: '0 10px 12px', gap: 4 }}
            >
              <button
                type="button"
                className="button quiet small"
                onClick={() => show('rename', p.id)}
              >
                Rename
              </button>
              {p.locked && p.id === currentId && (
                // The open protected profile closes at once: the next person needs the passphrase.
                <button
                  type="button"
                  className="button quiet small"
                  data-testid={`lock-now-${p.name}`}
                  onClick={() => void signOut()}
                >
                  Lock now
                </button>
              )}
              <button
                type="button"
                className="button quiet small"
                onClick={() => show(p.locked ? 'removeLock' : 'lock', p.id)}
              >
                {p.locked ? 'Remove lock' : 'Lock'}
              </button>
              <button
                type="button"
                className="button quiet small danger"
                onClick={() => show('delete', p.id)}
              >
                Delete
              </button>
            </div>
          </div>
        ))}
        <button
          type="button"
          className="card profile-card"
          style={{ borderStyle: 'dashed' }}
          onClick={() => show('create')}
          data-testid="new-profile"
        >
          <span className="avatar" aria-hidden="true">
            +
          </span>
          <strong style={{ fontSize: 17 }}>New profile</strong>
          <span className="faint">Takes a name, and a passphrase if you like</span>
        </button>
      </div>
      {profiles.length > 0 && <BackupButton />}
    </section>
  );
}
