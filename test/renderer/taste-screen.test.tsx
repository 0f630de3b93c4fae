import { render, screen } from '@testing-library/react';
import { TasteScreen } from '../../renderer/src/screens/TasteScreen';
import { useProfiles } from '../../renderer/src/stores/profiles';
import { fakeWorld, useFakeApi } from './fake-api';
import { resetStores } from './reset-stores';

describe('the "your taste" page', () => {
  beforeEach(resetStores);

  async function profileWith(ratings: Record<number, number>): Promise<number> {
    useFakeApi(fakeWorld({ profiles: [{ name: 'Zoe', ratings }] }));
    await useProfiles.getState().load();
    const zoe = useProfiles.getState().profiles[0];
    await useProfiles.getState().select(zoe.id);
    return zoe.id;
  }

  it.each([
    [{ 2: 5 }, 'What your one rating says about you so far.'],
    [{ 2: 5, 3: 4 }, 'What your 2 ratings say about you.'],
  ])('says how many ratings it reads, in good English (%o)', async (ratings, heading) => {
    render(<TasteScreen profileId={await profileWith(ratings)} />);
    expect(await screen.findByText(heading)).toBeTruthy();
  });

  it("draws the profile's ratings beside everyone's and says both averages", async () => {
    render(<TasteScreen profileId={await profileWith({ 2: 2, 3: 1.5, 4: 3 })} />);
    expect((await screen.findByTestId('taste-averages')).textContent).toBe(
      'You average 2.2★; everyone in ml-latest-small 3.5★.',
    );
    expect(screen.getByRole('img', { name: /your ratings and everyone's/i })).toBeTruthy();
    // Each genre's average beside everyone's.
    expect(screen.getByTestId('genre-everyone').textContent).toBe('3.60 ★');
    expect(
      screen.getByRole('img', { name: /your average rating by genre beside everyone's/i }),
    ).toBeTruthy();
  });
});
