import { profileNameMax } from '../../../shared/api';
import { useDialogs } from '../stores/dialogs';
import { useNavigation } from '../stores/navigation';
import { useProfiles } from '../stores/profiles';
import { ConfirmDialog } from './ConfirmDialog';
import { FormDialog } from './FormDialog';
import { countOf } from '../util/format';

const passphraseHint =
  'At least 4 characters. It is stored only as a slow salted hash: if it is lost, so is the lock.';

/** What a lock does and does not do, said plainly wherever a profile is locked. */
export const lockScope =
  'The lock keeps other members of your household out of this profile in the app, not out of ' +
  "the disk: the ratings are not encrypted, and anyone who can read this computer's files can read them.";

function samePassphrase(values: Record<string, string>): string | null {
  return values.passphrase === values.repeat ? null : 'The two passphrases differ.';
}

/** Create, rename, lock, unlock and delete dialogs for profiles, opened from anywhere. */
export function ProfileDialogs() {
  const open = useDialogs((s) => s.open);
  const close = useDialogs((s) => s.close);
  const profiles = useProfiles((s) => s.profiles);
  const unlocked = useProfiles((s) => s.unlocked);
  const { create, rename, remove, lock, removeLock } = useProfiles.getState();
  if (!open) return null;
  const profile = profiles.find((p) => p.id === open.profileId) ?? null;

  switch (open.kind) {
    case 'create':
      return (
        <FormDialog
          testId="create-profile-dialog"
          title="New profile"
          intro="Each person gets their own ratings, lists and model. Nothing leaves this computer."
          fields={[
            { name: 'name', label: 'Name', required: true, maxLength: profileNameMax },
            {
              name: 'passphrase',
              label: 'Passphrase (optional)',
              type: 'password',
              hint: passphraseHint,
            },
          ]}
          validate={(v) =>
            v.passphrase && v.passphrase.length < 4
              ? 'A passphrase needs at least 4 characters.'
              : null
          }
          submitLabel="Create profile"
          onSubmit={async ({ name, passphrase }) => {
            await create(name.trim(), passphrase || undefined);
            close();
            useNavigation.getState().reset('forYou');
          }}
          onClose={close}
        />
      );
    case 'rename':
      if (!profile) return null;
      return (
        <FormDialog
          testId="rename-profile-dialog"
          title={`Rename ${profile.name}`}
          fields={[
            {
              name: 'name',
              label: 'New name',
              required: true,
              initial: profile.name,
              maxLength: profileNameMax,
            },
          ]}
          submitLabel="Rename"
          onSubmit={async ({ name }) => {
            await rename(profile.id, name.trim());
            close();
          }}
          onClose={close}
        />
      );
    case 'lock':
      if (!profile) return null;
      return (
        <FormDialog
          testId="lock-profile-dialog"
          title={`Lock ${profile.name}`}
          intro={`A locked profile asks for its passphrase before anyone can see its ratings or lists in the app. ${lockScope}`}
          fields={[
            {
              name: 'passphrase',
              label: 'Passphrase',
              type: 'password',
              required: true,
              minLength: 4,
              hint: passphraseHint,
            },
            { name: 'repeat', label: 'Repeat the passphrase', type: 'password', required: true },
          ]}
          validate={samePassphrase}
          submitLabel="Lock profile"
          onSubmit={async ({ passphrase }) => {
            await lock(profile.id, passphrase);
            close();
          }}
          onClose={close}
        />
      );
    case 'removeLock':
      if (!profile) return null;
      return (
        <FormDialog
          testId="remove-lock-dialog"
          title={`Remove the lock from ${profile.name}`}
          fields={[
            { name: 'passphrase', label: 'Current passphrase', type: 'password', required: true },
          ]}
          submitLabel="Remove lock"
          onSubmit={async ({ passphrase }) => {
            await removeLock(profile.id, passphrase);
            close();
          }}
          onClose={close}
        />
      );
    case 'delete': {
      if (!profile) return null;
      const consequence = `This deletes ${profile.name}’s ${profile.ratingCount === null ? 'ratings' : countOf(profile.ratingCount, 'rating')} and personal model from this computer. It cannot be undone.`;
      const deleted = async (passphrase?: string) => {
        await remove(profile.id, passphrase);
        close();
        if (useProfiles.getState().currentId === null) useNavigation.getState().reset('profiles');
      };
      // A locked profile this connection has not opened is deleted only with its passphrase.
      if (profile.locked && !unlocked.includes(profile.id)) {
        return (
          <FormDialog
            testId="delete-locked-profile-dialog"
            title={`Delete ${profile.name}?`}
            intro={`${consequence} ${profile.name} is locked: its passphrase confirms the deletion.`}
            fields={[{ name: 'passphrase', label: 'Passphrase', type: 'password', required: true }]}
            submitLabel="Delete profile"
            onSubmit={({ passphrase }) => deleted(passphrase)}
            onClose={close}
          />
        );
      }
      return (
        <ConfirmDialog
          title={`Delete ${profile.name}?`}
          message={consequence}
          confirmLabel="Delete profile"
          onConfirm={() => deleted()}
          onClose={close}
        />
      );
    }
  }
}
