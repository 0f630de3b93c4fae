import { fireEvent, render, screen, within } from '@testing-library/react';
import { PeopleScreen } from '../../renderer/src/screens/PeopleScreen';
import { whyNoPeopleLikeYou } from '../../shared/why-empty';
import { useNavigation } from '../../renderer/src/stores/navigation';
import { useProfiles } from '../../renderer/src/stores/profiles';
import { useRatings } from '../../renderer/src/stores/ratings';
import { fakeWorld, movies, useFakeApi } from './fake-api';
import { resetStores } from './reset-stores';

/** People like you before there is anyone to show: what to do about it, one click away. */
describe('people like you, empty', () => {
  beforeEach(resetStores);

  it('asks a profile without ratings to rate some, and takes it to the list to rate', async () => {
    const api = useFakeApi(fakeWorld({ profiles: [{ name: 'Bea' }] }));
    // as the engine: nobody to match without ratings
    api.handle('recommend.peopleLikeYou', () => ({
      people: [],
      freshness: { modelName: 'fake-mf', personalModel: 'none' as const, computedMs: 1 },
    }));
    await useProfiles.getState().load();
    const bea = useProfiles.getState().profiles[0];
    await useProfiles.getState().select(bea.id);
    await useRatings.getState().load(bea.id);
    useNavigation.setState({ screen: 'people' });
    render(<PeopleScreen profileId={bea.id} />);
    const empty = await screen.findByTestId('people-empty');
    expect(empty.textContent).toContain('Rate a few movies you have seen');
    expect(empty.textContent).not.toContain('more');
    fireEvent.click(screen.getByTestId('people-rate-movies'));
    expect(useNavigation.getState().screen).toBe('forYou');
  });

  it('says how many more ratings it takes when the service says how many movies must be shared', async () => {
    const api = useFakeApi(fakeWorld({ profiles: [{ name: 'Bea' }] }));
    api.handle('recommend.peopleLikeYou', () => ({
      people: [],
      freshness: { modelName: 'fake-mf', personalModel: 'none' as const, computedMs: 1 },
      inCommonNeeded: 3,
    }));
    await useProfiles.getState().load();
    const bea = useProfiles.getState().profiles[0];
    await useProfiles.getState().select(bea.id);
    await useRatings.getState().load(bea.id);
    await useRatings.getState().rate(bea.id, 1, 4.5);
    render(<PeopleScreen profileId={bea.id} />);
    expect((await screen.findByTestId('people-empty')).textContent).toContain(
      'People like you are viewers who rated at least 3 of the movies you did: rate 2 more',
    );
  });
});

describe('why people like you is empty', () => {
  it('counts down to the movies a viewer must share, then asks for more without a number', () => {
    expect(whyNoPeopleLikeYou(0, 3)).toMatch(/^Rate a few movies you have seen/);
    expect(whyNoPeopleLikeYou(2, 3)).toContain('rate 1 more');
    expect(whyNoPeopleLikeYou(3, 3)).toMatch(/^No viewer in the catalogue shares enough/);
    expect(whyNoPeopleLikeYou(1, null)).toMatch(/^No viewer in the catalogue shares enough/);
  });
});

describe('people like you from a model trained on other data', () => {
  beforeEach(resetStores);

  it('says so until a pretrain, with the way to the Model page', async () => {
    const api = useFakeApi(fakeWorld({ profiles: [{ name: 'Bea', ratings: { 1: 4 } }] }));
    const people = api.handlerOf('recommend.peopleLikeYou');
    api.handle('recommend.peopleLikeYou', async (request) => {
      const answer = await people(request);
      return { ...answer, freshness: { ...answer.freshness, trainedOn: 'ml-latest-small' } };
    });
    await useProfiles.getState().load();
    const bea = useProfiles.getState().profiles[0];
    await useProfiles.getState().select(bea.id);
    render(<PeopleScreen profileId={bea.id} />);
    const note = await screen.findByTestId('people-trained-elsewhere');
    expect(note.textContent).toMatch(
      /^These matches come from a model trained on ml-latest-small, not on .*: they guess your taste from what ml-latest-small’s viewers watched and loved\. Pretrain on the Model page/,
    );
    fireEvent.click(within(note).getByRole('button', { name: 'Open Model' }));
    expect(useNavigation.getState().screen).toBe('model');
  });
});

describe('a viewer card’s films', () => {
  beforeEach(resetStores);

  it('name their year inside the button that opens them, so a wrapped title keeps its year', async () => {
    useFakeApi(fakeWorld({ profiles: [{ name: 'Bea', ratings: { 1: 4 } }] }));
    await useProfiles.getState().load();
    const bea = useProfiles.getState().profiles[0];
    await useProfiles.getState().select(bea.id);
    render(<PeopleScreen profileId={bea.id} />);
    const loved = await screen.findByTestId('person-loved');
    const [film] = within(loved).getAllByRole('button');
    const movie = movies[4]; // the fake viewer's "They also loved"
    expect(film.textContent).toBe(`${movie.title} ${movie.year}`);
    fireEvent.click(film);
    expect(useNavigation.getState().screen).toBe('movie');
  });
});
