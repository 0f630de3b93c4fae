import { render, screen, waitFor } from '@testing-library/react';
import { AboutScreen } from '../../renderer/src/screens/AboutScreen';
import { FakeApi, useFakeApi } from './fake-api';
import { resetStores } from './reset-stores';

const licenceText =
  'ml-latest-small.json.gz is a transformation…\n\nUsage License\n=============\n\n* The user may redistribute the data set';

function aboutApi(releases: Array<{ format: string; source: string; starter: boolean }>): FakeApi {
  const api = new FakeApi().handle('app.about', () => ({
    version: '1.2.3',
    releases: releases.map((r, i) => ({
      ...r,
      id: i + 1,
      active: i === 0,
      movies: 9742,
      ratings: 100_836,
      users: 610,
      importedAt: 0,
    })),
    licences: [{ name: 'ml-latest-small', text: licenceText }],
  }));
  return useFakeApi(api);
}

describe('the About page', () => {
  beforeEach(() => resetStores());

  it('names the starter catalogue, the version, and shows the licence text', async () => {
    aboutApi([
      {
        format: 'ml-latest-small',
        source: 'starter:/app/models/starter/ml-latest-small.json.gz',
        starter: true,
      },
    ]);
    render(<AboutScreen />);
    await screen.findByTestId('catalogue-starter');
    expect(screen.getByTestId('catalogue-starter').textContent).toContain(
      'Starter catalogue: ml-latest-small (GroupLens), redistributed under its licence',
    );
    expect(screen.getByTestId('about-version').textContent).toBe('version 1.2.3');
    expect(screen.getByTestId('licence-ml-latest-small').textContent).toContain(
      'Usage License\n=============\n\n* The user may redistribute the data set',
    );
  });

  it('names an imported release by where it came from', async () => {
    aboutApi([{ format: 'ml-25m', source: '/data/ml-25m.zip', starter: false }]);
    render(<AboutScreen />);
    await waitFor(() =>
      expect(screen.getByTestId('catalogue-release').textContent).toContain('/data/ml-25m.zip'),
    );
    expect(screen.queryByTestId('catalogue-starter')).toBeNull();
  });
});
