import { fireEvent, render, screen } from '@testing-library/react';
import type { ReactElement } from 'react';
import { RatingsScreen } from '../../renderer/src/screens/RatingsScreen';
import { TasteScreen } from '../../renderer/src/screens/TasteScreen';
import { useNavigation } from '../../renderer/src/stores/navigation';
import { useProfiles } from '../../renderer/src/stores/profiles';
import { fakeWorld, useFakeApi } from './fake-api';
import { resetStores } from './reset-stores';

/** A new profile's empty pages say what fills them and lead, in one click, to movies to rate. */
describe('a new profile’s empty pages', () => {
  beforeEach(resetStores);

  async function newProfile(): Promise<number> {
    const api = useFakeApi(fakeWorld({ profiles: [{ name: 'Bea' }] }));
    api.handle('marks.list', () => []);
    await useProfiles.getState().load();
    const bea = useProfiles.getState().profiles[0];
    await useProfiles.getState().select(bea.id);
    return bea.id;
  }

  const pages: Array<[string, (profileId: number) => ReactElement, string]> = [
    ['Your taste', (id) => <TasteScreen profileId={id} />, 'taste'],
    ['My ratings', (id) => <RatingsScreen profileId={id} />, 'ratings'],
  ];

  it.each(pages)('%s offers to rate movies and opens For you', async (_, page, name) => {
    const profileId = await newProfile();
    useNavigation.setState({ screen: name as 'taste' | 'ratings' });
    render(page(profileId));
    await screen.findByTestId(`${name}-empty`);
    fireEvent.click(screen.getByTestId(`${name}-rate-movies`));
    expect(useNavigation.getState().screen).toBe('forYou');
  });
});
