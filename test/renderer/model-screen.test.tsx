import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ModelScreen } from '../../renderer/src/screens/ModelScreen';
import { attachJobEvents } from '../../renderer/src/stores/jobs';
import { useProfiles } from '../../renderer/src/stores/profiles';
import { fakeWorld, useFakeApi } from './fake-api';
import { polyfillResizeObserver, resetStores } from './reset-stores';

describe('the model screen', () => {
  beforeEach(() => {
    resetStores();
    polyfillResizeObserver();
  });

  it('shows the backend, the figures, and a fine-tune with its loss as it arrives', async () => {
    const api = useFakeApi(fakeWorld({ profiles: [{ name: 'Alice', ratings: { 2: 5 } }] }));
    api.handle('engine.status', ({ profileId }) => ({
      backend: 'wasm' as const,
      backendsTried: [
        { name: 'tensorflow' as const, ok: false, error: 'not installed' },
        { name: 'wasm' as const, ok: true },
      ],
      model: {
        name: 'biased-mf',
        version: '1',
        trainedAt: '2026-11-21',
        dataset: 'ml-latest-small',
        metrics: [
          {
            model: 'biased-mf',
            dataset: 'ml-latest-small',
            protocol: 'A' as const,
            metric: 'RMSE',
            value: 0.8612,
            seconds: 4,
            default: true,
          },
        ],
      },
      profile: profileId
        ? {
            profileId,
            state: 'stale' as const,
            lastFineTunedAt: null,
            lastFineTuneSeconds: null,
            ratingCount: 1,
          }
        : null,
    }));
    let finish!: () => void;
    api.handle('engine.finetune', async ({ jobId }) => {
      api.emit('job.progress', {
        jobId,
        kind: 'finetune',
        phase: 'training',
        current: 1,
        total: 3,
        unit: 'epochs',
        loss: 0.9,
      });
      api.emit('job.progress', {
        jobId,
        kind: 'finetune',
        phase: 'training',
        current: 2,
        total: 3,
        unit: 'epochs',
        loss: 0.7,
      });
      await new Promise<void>((resolve) => (finish = resolve));
      return { seconds: 1.2, ratings: 1, finalLoss: 0.6 };
    });
    await useProfiles.getState().load();
    await useProfiles.getState().select(useProfiles.getState().profiles[0].id);
    const off = attachJobEvents();
    render(<ModelScreen />);
    expect((await screen.findByTestId('backend')).textContent).toBe('wasm');
    expect(screen.getByTestId('model-metrics').textContent).toContain('0.8612');
    expect(screen.getByText(/tensorflow: not available \(not installed\)/)).toBeTruthy();
    expect(screen.getByTestId('last-finetune').textContent).toBe('never');

    fireEvent.click(screen.getByTestId('finetune-now'));
    const training = await screen.findByTestId('training');
    await waitFor(() => expect(training.textContent).toContain('loss 0.7000'));
    expect(screen.getByTestId('loss-chart')).toBeTruthy();
    expect((screen.getByTestId('finetune-now') as HTMLButtonElement).disabled).toBe(true);
    await act(async () => finish());
    await waitFor(() =>
      expect((screen.getByTestId('finetune-now') as HTMLButtonElement).disabled).toBe(false),
    );
    off();
  });
});
