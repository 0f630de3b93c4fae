import { starterCatalogueLine } from '../../../shared/catalogue-source';
import { useCatalogue } from '../stores/catalogue';
import { formatCount } from '../util/format';
import { ProfileRatingsNote } from './ImportSummaryView';
import { ErrorMessage } from './StateMessages';

/**
 * The catalogue's releases: the one Movie Assistant learns from labelled, any other one button
 * away from it (also an older or smaller one). Nothing to show without releases.
 */
export function ReleaseList({ disabled = false }: { disabled?: boolean }) {
  const info = useCatalogue((s) => s.info);
  const switching = useCatalogue((s) => s.switching);
  const switched = useCatalogue((s) => s.switched);
  const switchError = useCatalogue((s) => s.switchError);
  const chooseRelease = useCatalogue((s) => s.chooseRelease);
  const releases = info?.catalogue.releases ?? [];
  if (releases.length === 0) return null;

  return (
    <div className="card stack" data-testid="releases">
      <h2>Releases in the catalogue</h2>
      <p className="muted">
        Recommendations learn from one release at a time, and each movie shows that release&rsquo;s
        ratings. Every profile keeps its own ratings whichever you use.
      </p>
      <table className="table">
        <thead>
          <tr>
            <th>Release</th>
            <th>Ratings</th>
            <th className="hide-below-560">People</th>
            <th className="hide-below-560">Movies</th>
            <th>
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {releases.map((r) => (
            <tr key={r.id} data-testid={`release-${r.format}`}>
              <td>
                <strong>{r.starter ? starterCatalogueLine(r.format) : r.format}</strong>
              </td>
              <td>{formatCount(r.ratings)}</td>
              <td className="hide-below-560">{formatCount(r.users)}</td>
              <td className="hide-below-560">{formatCount(r.movies)}</td>
              <td>
                {r.active ? (
                  <span className="match-badge" data-testid="release-active">
                    In use
                  </span>
                ) : (
                  <button
                    type="button"
                    className="button small"
                    disabled={disabled || switching !== null}
                    data-testid={`use-release-${r.format}`}
                    onClick={() => void chooseRelease(r.id)}
                  >
                    {switching === r.id ? 'Switching…' : 'Use this release'}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {switched && (
        <div className="stack" data-testid="release-switched">
          <p>
            Now learning from {switched.format}. Personal models catch up in the background; the
            Model page says when a pretrain would learn this release itself.
          </p>
          <ProfileRatingsNote {...switched.profileRatings} />
        </div>
      )}
      {switchError && <ErrorMessage message={switchError} />}
    </div>
  );
}
