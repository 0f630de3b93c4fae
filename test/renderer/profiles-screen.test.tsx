import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { ProfileDialogs } from '../../renderer/src/components/ProfileDialogs';
import { ProfilesScreen } from '../../renderer/src/screens/ProfilesScreen';
import { useProfiles } from '../../renderer/src/stores/profiles';
import { fakeWorld, useFakeApi } from './fake-api';
import { resetStores } from './reset-stores';

function renderScreen() {
  return render(
    <>
      <ProfilesScreen />
      <ProfileDialogs />
    </>,
  );
}

describe('the profiles screen', () => {
  beforeEach(resetStores);

  it('renames a profile', async () => {
    const api = useFakeApi(fakeWorld({ profiles: [{ name: 'Alice' }] }));
    await useProfiles.getState().load();
    renderScreen();
    fireEvent.click(screen.getByRole('button', { name: 'Rename' }));
    const dialog = screen.getByTestId('rename-profile-dialog');
    fireEvent.change(within(dialog).getByLabelText('New name'), { target: { value: 'Alicia' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Rename' }));
    await screen.findByTestId('open-profile-Alicia');
    expect(api.callsTo('profiles.rename')).toEqual([{ profileId: 1, name: 'Alicia' }]);
  });

  it("shows a locked profile's ratings only once it is open, and lines up every card's actions", async () => {
    useFakeApi(
      fakeWorld({
        profiles: [
          { name: 'Alice', passphrase: 'open sesame', ratings: { 1: 4, 2: 5 } },
          { name: 'Bob', ratings: { 1: 3 } },
        ],
      }),
    );
    await useProfiles.getState().load();
    const { unmount } = renderScreen();
    // The subtitle under the name (the padlock beside the name says "Locked" too).
    const subtitle = (name: string) =>
      screen.getByTestId(`open-profile-${name}`).querySelector('.faint')?.textContent;
    expect(subtitle('Alice')).toBe('Locked');
    expect(subtitle('Bob')).toBe('1 rating');
    for (const card of screen.getAllByTestId('profile-card'))
      expect(card.style.gridTemplateRows).toBe('1fr auto');
    unmount();

    await useProfiles.getState().unlock(1, 'open sesame');
    await useProfiles.getState().load();
    renderScreen();
    expect(subtitle('Alice')).toBe('2 ratings · open now');
  });

  it('deletes only after the person confirms', async () => {
    const api = useFakeApi(fakeWorld({ profiles: [{ name: 'Alice', ratings: { 1: 4 } }] }));
    await useProfiles.getState().load();
    renderScreen();
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    const confirm = screen.getByTestId('confirm-dialog');
    expect(confirm.textContent).toContain('1 rating');
    expect(document.activeElement?.textContent).toBe('Keep it');
    fireEvent.click(within(confirm).getByRole('button', { name: 'Keep it' }));
    expect(api.callsTo('profiles.delete')).toHaveLength(0);

    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    fireEvent.click(
      within(screen.getByTestId('confirm-dialog')).getByRole('button', { name: 'Delete profile' }),
    );
    await waitFor(() => expect(screen.queryByTestId('open-profile-Alice')).toBeNull());
    expect(api.callsTo('profiles.delete')).toHaveLength(1);
  });

  it('locks a profile with a repeated passphrase and refuses a mismatch', async () => {
    const api = useFakeApi(fakeWorld({ profiles: [{ name: 'Alice' }] }));
    await useProfiles.getState().load();
    renderScreen();
    fireEvent.click(screen.getByRole('button', { name: 'Lock' }));
    const dialog = screen.getByTestId('lock-profile-dialog');
    fireEvent.change(within(dialog).getByLabelText('Passphrase'), {
      target: { value: 'open sesame' },
    });
    fireEvent.change(within(dialog).getByLabelText('Repeat the passphrase'), {
      target: { value: 'open sesam' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Lock profile' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe(
      'The two passphrases differ.',
    );
    fireEvent.change(within(dialog).getByLabelText('Repeat the passphrase'), {
      target: { value: 'open sesame' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Lock profile' }));
    await screen.findByRole('button', { name: /^Open Alice Locked/ });
    expect(api.callsTo('profiles.lock')).toEqual([{ profileId: 1, passphrase: 'open sesame' }]);
  });

  it('says plainly that the lock keeps household members out of the app, not out of the disk', async () => {
    useFakeApi(fakeWorld({ profiles: [{ name: 'Alice' }] }));
    await useProfiles.getState().load();
    renderScreen();
    fireEvent.click(screen.getByRole('button', { name: 'Lock' }));
    const text = screen.getByTestId('lock-profile-dialog').textContent ?? '';
    expect(text).toMatch(/keeps other members of your household out of this profile in the app/);
    expect(text).toMatch(/not out of the disk/);
  });

  it('backs up every profile with one button and says where the file went and its size', async () => {
    const api = useFakeApi(fakeWorld({ profiles: [{ name: 'Alice' }] }));
    api.handle('catalogue.backup', () => ({
      file: '/home/a/.config/movie-assistant/backups/catalogue-20260101-090000-000.backup',
      bytes: 193_241_029,
      sha256: '0'.repeat(64),
      createdAt: 0,
      personalModels: 1,
    }));
    await useProfiles.getState().load();
    renderScreen();
    fireEvent.click(screen.getByRole('button', { name: 'Back up now' }));
    await waitFor(() =>
      expect(screen.getByTestId('backup').textContent).toMatch(
        /Saved .* to .*catalogue-20260101-090000-000\.backup \(184 MB\)/,
      ),
    );
    expect(api.callsTo('catalogue.backup')).toEqual([{}]);
  });

  it('says where the daily backups are, how many and how large, and the newest', async () => {
    const api = useFakeApi(fakeWorld({ profiles: [{ name: 'Alice' }] }));
    await useProfiles.getState().load();
    const { unmount } = renderScreen();
    const folder = await screen.findByTestId('backups-folder');
    await waitFor(() =>
      expect(folder.textContent).toBe(
        'A backup is kept every day, the newest 7, in /home/a/.config/movie-assistant/backups; there is none yet. Restore one with movie-assistant restore FILE.',
      ),
    );
    unmount();

    const newest = new Date();
    newest.setHours(8, 47, 0, 0);
    api.handle('catalogue.backups', () => ({
      folder: '/home/a/.config/movie-assistant/backups',
      count: 3,
      keep: 7,
      bytes: 7_549_747,
      newest: {
        file: '/home/a/.config/movie-assistant/backups/x.backup',
        createdAt: newest.getTime(),
      },
    }));
    renderScreen();
    await waitFor(() =>
      expect(screen.getByTestId('backups-folder').textContent).toMatch(
        /in \/home\/a\/\.config\/movie-assistant\/backups: 3 backups there now, 7\.2 MB in all\. Newest: Today, 8:47\sAM\. Restore one/,
      ),
    );
  });
});
