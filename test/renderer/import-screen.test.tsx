import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ApiError } from '../../shared/api';
import type { ImportSummary } from '../../shared/domain';
import { ImportScreen } from '../../renderer/src/screens/ImportScreen';
import { attachJobEvents } from '../../renderer/src/stores/jobs';
import { useProfiles } from '../../renderer/src/stores/profiles';
import { fakeWorld, useFakeApi } from './fake-api';
import { resetStores } from './reset-stores';

const summary: ImportSummary = {
  format: 'MovieLens ml-latest-small',
  source: '/data/ml-latest-small',
  movies: 9742,
  ratings: 100836,
  users: 610,
  tags: 3683,
  links: 9742,
  seconds: 3.8,
};

describe('the import screen', () => {
  beforeEach(resetStores);

  it('shows progress from job events, then the summary', async () => {
    const api = useFakeApi(fakeWorld());
    let finish!: () => void;
    api.handle('catalogue.import', async ({ jobId }) => {
      api.emit('job.progress', {
        jobId,
        kind: 'import',
        phase: 'ratings',
        current: 50,
        total: 100,
        unit: 'bytes',
        rows: 5000,
        bytes: 2_500_000,
        etaSeconds: 3,
      });
      await new Promise<void>((resolve) => (finish = resolve));
      return summary;
    });
    const off = attachJobEvents();
    render(<ImportScreen />);
    fireEvent.change(screen.getByTestId('import-path'), {
      target: { value: '/data/ml-latest-small' },
    });
    fireEvent.click(screen.getByTestId('import-start'));
    const bar = await screen.findByRole('progressbar');
    expect(bar.getAttribute('aria-valuenow')).toBe('50');
    expect(screen.getByTestId('progress-import').textContent).toMatch(
      /5,000 rows.*2\.4 MB.*about 3 s left/,
    );
    await act(async () => finish());
    const done = await screen.findByTestId('import-summary');
    expect(done.textContent).toMatch(/9,742\s*Movies/);
    expect(done.textContent).toMatch(/100,836\s*Ratings/);
    expect(api.callsTo('catalogue.import')[0]).toMatchObject({ source: '/data/ml-latest-small' });
    off();
  });

  it('cancels through jobs.cancel and says nothing changed', async () => {
    const api = useFakeApi(fakeWorld());
    let fail!: (e: Error) => void;
    api.handle('catalogue.import', () => new Promise((_, reject) => (fail = reject)));
    api.handle('jobs.cancel', () => {
      fail(new ApiError('cancelled', 'Cancelled'));
      return { cancelled: true };
    });
    render(<ImportScreen />);
    fireEvent.change(screen.getByTestId('import-path'), { target: { value: '/data/x.zip' } });
    fireEvent.click(screen.getByTestId('import-start'));
    fireEvent.click(await screen.findByTestId('cancel-job'));
    await screen.findByText('Import cancelled. Nothing was changed.');
    expect(api.callsTo('jobs.cancel')).toHaveLength(1);
  });

  it('lists the rows of a personal export that matched no movie', async () => {
    const api = useFakeApi(fakeWorld({ profiles: [{ name: 'Alice' }] }));
    await useProfiles.getState().load();
    await useProfiles.getState().select(useProfiles.getState().profiles[0].id);
    api.handle('catalogue.importExport', () => ({
      format: 'letterboxd' as const,
      source: '/data/ratings.csv',
      rows: 3,
      matched: 2,
      unmatched: [{ line: 3, title: 'A Film Nobody Has', year: 2031, rating: 4 }],
      skipped: [],
      seconds: 0.1,
    }));
    render(<ImportScreen />);
    fireEvent.click(screen.getByRole('button', { name: 'My ratings export' }));
    fireEvent.change(screen.getByTestId('import-path'), { target: { value: '/data/ratings.csv' } });
    fireEvent.click(screen.getByTestId('import-start'));
    const table = await screen.findByTestId('unmatched-rows');
    expect(table.textContent).toContain('A Film Nobody Has');
    expect(screen.getByTestId('export-summary').textContent).toMatch(/2\s*Matched/);
    await waitFor(() =>
      expect(api.callsTo('catalogue.importExport')[0]).toMatchObject({ format: 'auto' }),
    );
  });
});
