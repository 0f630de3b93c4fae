import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { ProfileDialogs } from '../../renderer/src/components/ProfileDialogs';
import { ProfileMenu } from '../../renderer/src/components/ProfileMenu';
import { ProfilesScreen } from '../../renderer/src/screens/ProfilesScreen';
import { useProfiles } from '../../renderer/src/stores/profiles';
import { useRatings } from '../../renderer/src/stores/ratings';
import { fakeWorld, useFakeApi } from './fake-api';
import { resetStores } from './reset-stores';

function renderProfiles() {
  return render(
    <>
      <ProfileMenu />
      <ProfilesScreen />
      <ProfileDialogs />
    </>,
  );
}

describe('deleting and locking protected profiles', () => {
  beforeEach(resetStores);

  it('asks for a locked profile’s passphrase to delete it, instead of failing after a confirm', async () => {
    const api = useFakeApi(
      fakeWorld({ profiles: [{ name: 'Alice', passphrase: 'secret', ratings: { 1: 4 } }] }),
    );
    await useProfiles.getState().load();
    renderProfiles();

    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    const dialog = screen.getByTestId('delete-locked-profile-dialog');
    expect(dialog.textContent).toContain('cannot be undone');
    fireEvent.change(within(dialog).getByLabelText('Passphrase'), { target: { value: 'nope' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete profile' }));
    expect((await within(dialog).findByRole('alert')).textContent).toMatch(/Wrong passphrase/);
    expect(api.callsTo('profiles.delete')).toEqual([]);

    fireEvent.change(within(dialog).getByLabelText('Passphrase'), { target: { value: 'secret' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete profile' }));
    await waitFor(() => expect(screen.queryByTestId('open-profile-Alice')).toBeNull());
    expect(api.callsTo('profiles.delete')).toEqual([{ profileId: 1 }]);
  });

  it('deletes a locked profile this connection opened after a plain confirm', async () => {
    const api = useFakeApi(fakeWorld({ profiles: [{ name: 'Alice', passphrase: 'secret' }] }));
    await useProfiles.getState().load();
    await useProfiles.getState().unlock(1, 'secret');
    renderProfiles();

    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    fireEvent.click(
      within(screen.getByTestId('confirm-dialog')).getByRole('button', { name: 'Delete profile' }),
    );
    await waitFor(() => expect(api.callsTo('profiles.delete')).toEqual([{ profileId: 1 }]));
  });

  it('offers "Lock now" for the open protected profile, in the menu and on its card', async () => {
    const api = useFakeApi(
      fakeWorld({ profiles: [{ name: 'Alice', passphrase: 'secret' }, { name: 'Bob' }] }),
    );
    await useProfiles.getState().load();
    await useProfiles.getState().unlock(1, 'secret');
    renderProfiles();

    expect(screen.getByTestId('lock-now-Alice')).toBeTruthy();
    expect(screen.queryByTestId('lock-now-Bob')).toBeNull();
    fireEvent.click(screen.getByTestId('profile-menu-button'));
    fireEvent.click(within(screen.getByTestId('profile-menu')).getByTestId('lock-now'));

    await waitFor(() => expect(useProfiles.getState().currentId).toBeNull());
    expect(useProfiles.getState().unlocked).toEqual([]);
    expect(api.callsTo('profiles.signOut')).toHaveLength(1);
    await useProfiles.getState().select(1);
    expect(useProfiles.getState().unlockRequest).toEqual({ profileId: 1 });
  });

  it('offers no "Lock now" for a profile without a passphrase', async () => {
    useFakeApi(fakeWorld({ profiles: [{ name: 'Bob' }] }));
    await useProfiles.getState().load();
    await useProfiles.getState().select(1);
    renderProfiles();
    fireEvent.click(screen.getByTestId('profile-menu-button'));
    expect(screen.queryByTestId('lock-now')).toBeNull();
  });

  it('opens a profile just created with a passphrase without asking for it, even after another was open', async () => {
    const api = useFakeApi(
      fakeWorld({ profiles: [{ name: 'Alice', passphrase: 'secret', ratings: { 1: 4 } }] }),
    );
    await useProfiles.getState().load();
    await useProfiles.getState().unlock(1, 'secret');
    renderProfiles();

    fireEvent.click(screen.getByTestId('new-profile'));
    const dialog = screen.getByTestId('create-profile-dialog');
    // A name stops at the length the API takes, instead of failing on submit.
    expect(within(dialog).getByLabelText('Name').getAttribute('maxlength')).toBe('60');
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'Bob' } });
    fireEvent.change(within(dialog).getByLabelText('Passphrase (optional)'), {
      target: { value: 'bobs secret' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create profile' }));
    await waitFor(() => expect(useProfiles.getState().currentId).toBe(2));

    await useRatings.getState().load(2);
    expect(useRatings.getState().error).toBeNull();
    expect(useProfiles.getState().unlockRequest).toBeNull();
    expect(useProfiles.getState().unlocked).toEqual([2]);
    expect(api.callsTo('profiles.unlock')).toHaveLength(1);
    // Alice closed when Bob became current: coming back to her takes her passphrase.
    await useProfiles.getState().select(1);
    expect(useProfiles.getState().unlockRequest).toEqual({ profileId: 1 });
  });
});
