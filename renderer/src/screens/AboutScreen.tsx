import { useEffect, useState } from 'react';
import type { Response } from '../../../shared/api';
import { starterCatalogueLine } from '../../../shared/catalogue-source';
import { call } from '../api/client';
import { readableError } from '../api/errors';
import { ErrorMessage, Loading } from '../components/StateMessages';
import { formatCount } from '../util/format';

type About = Response<'app.about'>;
type Release = About['releases'][number];

function ReleaseLine({ release }: { release: Release }) {
  const counts = `${formatCount(release.movies)} movies, ${formatCount(release.ratings)} ratings by ${formatCount(release.users)} people`;
  if (release.starter) {
    return (
      <li data-testid="catalogue-starter">
        <strong>{starterCatalogueLine(release.format)}</strong> ({counts}). It came with the app, so
        that search and the lists work without a download; importing a MovieLens release replaces
        it, and every profile keeps its ratings.
      </li>
    );
  }
  return (
    <li data-testid="catalogue-release">
      <strong>{release.format}</strong>, imported from <code>{release.source}</code> on{' '}
      {new Date(release.importedAt).toLocaleDateString()} ({counts}).
    </li>
  );
}

/** The app's version, where the catalogue came from, and the licence terms of the shipped data. */
export function AboutScreen() {
  const [about, setAbout] = useState<About | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => {
    setError(null);
    call('app.about', {}).then(setAbout, (e: unknown) => setError(readableError(e)));
  };
  useEffect(load, []);

  return (
    <section className="screen stack" aria-labelledby="about-title" data-testid="screen-about">
      <div className="screen-header">
        <div>
          <h1 id="about-title">About</h1>
          <p>
            Movie Assistant{' '}
            {about && <span data-testid="about-version">version {about.version}</span>}: a private,
            offline movie recommender. Nothing leaves this computer.
          </p>
        </div>
      </div>
      {error && <ErrorMessage message={error} onRetry={load} />}
      {!about && !error && <Loading />}
      {about && (
        <>
          <div className="card stack">
            <h2>Catalogue</h2>
            {about.releases.length === 0 ? (
              <p className="muted">The catalogue is empty: import a MovieLens release.</p>
            ) : (
              <ul className="release-lines" data-testid="about-catalogue">
                {about.releases.map((r) => (
                  <ReleaseLine key={r.format} release={r} />
                ))}
              </ul>
            )}
          </div>
          {about.licences.map((licence) => (
            <div className="card stack" key={licence.name} data-testid={`licence-${licence.name}`}>
              <h2>Licence of the {licence.name} data</h2>
              <pre className="licence-text" tabIndex={0}>
                {licence.text}
              </pre>
            </div>
          ))}
        </>
      )}
    </section>
  );
}
