import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { EngineStatus } from '../../shared/domain';
import {
  chartableLosses,
  freshnessSentence,
  ModelScreen,
} from '../../renderer/src/screens/ModelScreen';
import { useCatalogue } from '../../renderer/src/stores/catalogue';
import { attachJobEvents } from '../../renderer/src/stores/jobs';
import { useNotices } from '../../renderer/src/stores/notices';
import { useProfiles } from '../../renderer/src/stores/profiles';
import { fakeWorld, learningFromMl100k, useFakeApi } from './fake-api';
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
        fineTunes: true,
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
      // the network's part of the fine-tune reports another kind of loss, on its own scale
      api.emit('job.progress', {
        jobId,
        kind: 'finetune',
        phase: 'training',
        current: 3,
        total: 3,
        unit: 'epochs',
        loss: 4.2,
        lossName: 'next-movie loss (network)',
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
    await waitFor(() => expect(training.textContent).toContain('loss 4.2000'));
    const series = screen.getAllByTestId('loss-series').map((s) => s.textContent);
    expect(series).toEqual(['Training loss', 'Next-movie loss (network)']);
    expect((screen.getByTestId('finetune-now') as HTMLButtonElement).disabled).toBe(true);
    await act(async () => finish());
    await waitFor(() =>
      expect((screen.getByTestId('finetune-now') as HTMLButtonElement).disabled).toBe(false),
    );
    const notice = useNotices.getState().notices.at(-1)?.text;
    expect(notice).toBe('Your list is up to date with your 1 rating (fine-tuned in 1.2 s).');
    off();
  });

  function statusWith(profile: EngineStatus['profile']): EngineStatus {
    return {
      backend: 'cpu',
      backendsTried: [{ name: 'cpu', ok: true }],
      model: {
        name: 'recency-hybrid',
        version: '1',
        fineTunes: true,
        trainedAt: '2026-11-21T10:00:00Z',
        dataset: 'ml-latest-small',
        description: 'Learns which movies go together from what people rated',
        metrics: [],
      },
      profile,
    };
  }

  it('says whose figures the why holds when the model pretrained here has none of its own', async () => {
    const api = useFakeApi(fakeWorld({ profiles: [{ name: 'Alice', ratings: { 2: 5 } }] }));
    const why = 'Best protocol C NDCG@20 on ml-latest-small among engine models (0.2695)';
    api.handle('engine.status', () => {
      const status = statusWith(null);
      return { ...status, model: { ...status.model!, why } };
    });
    const { unmount } = render(<ModelScreen />);
    expect((await screen.findByTestId('model-no-metrics')).textContent).toBe(
      'This model was not evaluated itself: the figures above are from the runs that made its kind the default. npm run bench -- quality measures it.',
    );
    unmount();
    api.handle('engine.status', () => statusWith(null));
    render(<ModelScreen />);
    expect((await screen.findByTestId('model-no-metrics')).textContent).toBe(
      'No evaluation figures were recorded for this model: npm run bench -- quality measures it.',
    );
  });

  it('says a network reads the order of the ratings when the model blends one in', async () => {
    const api = useFakeApi(fakeWorld({ profiles: [{ name: 'Alice', ratings: { 2: 5 } }] }));
    api.handle('engine.status', () => {
      const status = statusWith(null);
      return { ...status, model: { ...status.model!, readsOrder: true } };
    });
    render(<ModelScreen />);
    const described = (await screen.findByTestId('model-description')).textContent!;
    expect(described).toContain(
      'weighs your latest and favourite ratings most; a neural network reads the order you rated in to guess what you want next.',
    );
  });

  it('says the network reads the stars too when it does', async () => {
    const api = useFakeApi(fakeWorld({ profiles: [{ name: 'Alice', ratings: { 2: 5 } }] }));
    api.handle('engine.status', () => {
      const status = statusWith(null);
      return { ...status, model: { ...status.model!, readsOrder: true, readsStars: true } };
    });
    render(<ModelScreen />);
    const described = (await screen.findByTestId('model-description')).textContent!;
    expect(described).toContain(
      'a neural network reads the order you rated in and the stars you gave to guess what you want next.',
    );
  });

  it('says in plain words when the recommendations were last updated, and from what', async () => {
    const api = useFakeApi(fakeWorld({ profiles: [{ name: 'Alice', ratings: { 2: 5 } }] }));
    const twoMinutesAgo = Date.now() - 2 * 60_000;
    api.handle('engine.status', ({ profileId }) =>
      statusWith({
        profileId: profileId!,
        state: 'fine-tuned',
        lastFineTunedAt: twoMinutesAgo,
        lastFineTuneSeconds: 3,
        ratingCount: 37,
      }),
    );
    await useProfiles.getState().load();
    await useProfiles.getState().select(useProfiles.getState().profiles[0].id);
    render(<ModelScreen />);
    const freshness = await screen.findByTestId('model-freshness');
    expect(freshness.textContent).toBe(
      `Your recommendations were last updated ${new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }).format(-2, 'minute')} from your 37 ratings.`,
    );
    const described = screen.getByTestId('model-description').textContent!;
    // What the model is, in words for a person rather than the manifest's engineering line.
    expect(described).toContain(
      'It learns which movies the same people rated, and weighs your latest and favourite ratings most.',
    );
    expect(described).not.toContain('Learns which movies go together');
    // The date reads the person's way, not a fixed locale's.
    const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(
      new Date('2026-11-21T10:00:00Z'),
    );
    expect(described).toContain(day);
    // The figures are there, folded away until asked for.
    const technical = screen.getByTestId('model-technical');
    expect(technical.tagName).toBe('DETAILS');
    expect((technical as HTMLDetailsElement).open).toBe(false);
    expect(technical.contains(screen.getByTestId('backend'))).toBe(true);
  });

  it('says in plain words whether the model fine-tunes per person, and offers a fine-tune only then', async () => {
    const api = useFakeApi(fakeWorld({ profiles: [{ name: 'Alice', ratings: { 2: 5 } }] }));
    let fineTunes = false;
    api.handle('engine.status', ({ profileId }) => {
      const status = statusWith({
        profileId: profileId!,
        state: 'fine-tuned',
        lastFineTunedAt: Date.now() - 60_000,
        lastFineTuneSeconds: 0.01,
        ratingCount: 12,
      });
      return { ...status, model: { ...status.model!, fineTunes } };
    });
    await useProfiles.getState().load();
    await useProfiles.getState().select(useProfiles.getState().profiles[0].id);
    const folded = render(<ModelScreen />);
    expect((await screen.findByTestId('model-personalisation')).textContent).toBe(
      'Learns from your ratings instantly; no extra training per person.',
    );
    expect(screen.getByTestId('model-freshness').textContent).toBe(
      'Your recommendations use your 12 ratings, each from the moment you gave it.',
    );
    expect(screen.queryByTestId('finetune-now')).toBeNull();
    expect(screen.getByTestId('profile-model-state').textContent).toMatch(/trains nothing more/);
    expect(screen.getByTestId('model-technical').textContent).not.toMatch(/Fine-tuned/);
    folded.unmount();

    fineTunes = true;
    render(<ModelScreen />);
    await waitFor(() =>
      expect(screen.getByTestId('model-personalisation').textContent).toBe(
        'Fine-tunes a personal layer on your ratings, on this computer, a moment after you rate.',
      ),
    );
    expect(screen.getByTestId('finetune-now')).toBeTruthy();
    expect(screen.getByTestId('profile-model-state').textContent).toBe('Fine-tuned and current');
  });

  it('words each state of the personal model, in the person’s language', () => {
    const now = Date.UTC(2026, 10, 21, 12);
    const base = { profileId: 1, lastFineTuneSeconds: 2, ratingCount: 37 };
    expect(
      freshnessSentence({ ...base, state: 'none', lastFineTunedAt: null, ratingCount: 0 }, now),
    ).toMatch(/^Rate a few movies/);
    expect(freshnessSentence({ ...base, state: 'none', lastFineTunedAt: null }, now)).toBe(
      'Your recommendations use your 37 ratings; a personal model has not been trained yet.',
    );
    expect(freshnessSentence({ ...base, state: 'training', lastFineTunedAt: null }, now)).toBe(
      'Your recommendations are being updated from your 37 ratings now.',
    );
    expect(
      freshnessSentence({ ...base, state: 'stale', lastFineTunedAt: now - 3 * 86_400_000 }, now),
    ).toMatch(/last updated .+\. You have 37 ratings now/);
    // A model that only folds ratings in has nothing to wait for, whatever the stored state says.
    expect(
      freshnessSentence({ ...base, state: 'stale', lastFineTunedAt: now - 86_400_000 }, now, false),
    ).toBe('Your recommendations use your 37 ratings, each from the moment you gave it.');
  });

  it('asks before pretraining replaces the shipped model', async () => {
    const api = useFakeApi(fakeWorld({ profiles: [{ name: 'Alice' }] }));
    api.handle('engine.status', () => statusWith(null));
    api.handle('engine.pretrain', () => ({ model: 'recency-hybrid', seconds: 1, metrics: [] }));
    render(<ModelScreen />);
    fireEvent.click(await screen.findByTestId('pretrain'));
    const dialog = screen.getByTestId('confirm-dialog');
    expect(dialog.textContent).toContain('replaces the one Movie Assistant shipped with');
    fireEvent.click(screen.getByRole('button', { name: 'Keep it' }));
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    expect(api.callsTo('engine.pretrain')).toHaveLength(0);

    fireEvent.click(screen.getByTestId('pretrain'));
    fireEvent.click(screen.getByRole('button', { name: 'Pretrain and replace' }));
    await waitFor(() => expect(api.callsTo('engine.pretrain')).toHaveLength(1));
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
  });

  it('says a pretrain is needed when the model was trained on another release', async () => {
    const api = useFakeApi(fakeWorld({ profiles: [{ name: 'Alice' }] }));
    let pretrainNeeded = false;
    api.handle('engine.status', () => ({ ...statusWith(null), pretrainNeeded }));
    const { unmount } = render(<ModelScreen />);
    await screen.findByTestId('model-plain');
    expect(screen.queryByTestId('model-pretrain-needed')).toBeNull();
    unmount();

    pretrainNeeded = true;
    const { unmount: unmount2 } = render(<ModelScreen />);
    const note = await screen.findByTestId('model-pretrain-needed');
    expect(note.textContent).toMatch(/trained on ml-latest-small, not on the release/);
    expect(note.textContent).toMatch(/Pretrain from the catalogue to learn that release\.$/);
    unmount2();

    // Once the app knows the release it learns from, the note names it.
    learningFromMl100k(api);
    await useCatalogue.getState().load();
    render(<ModelScreen />);
    expect((await screen.findByTestId('model-pretrain-needed')).textContent).toBe(
      'This model was trained on ml-latest-small, not on ml-100k, the release Movie Assistant now learns from: the lists use it as it is. Pretrain from the catalogue to learn ml-100k.',
    );
  });

  it('never charts an epoch whose loss is 0 or missing', () => {
    const points = [
      { step: 0, loss: 0, validationLoss: null },
      { step: 1, loss: Number.NaN, validationLoss: null },
      { step: 2, loss: 0.91, validationLoss: 0.95 },
      { step: 3, loss: 0.84, validationLoss: null },
    ].map((p) => ({ ...p, series: 'training loss' }));
    expect(chartableLosses(points).map((p) => p.step)).toEqual([2, 3]);
  });
});
