import { useProfiles } from '../stores/profiles';
import { FormDialog } from './FormDialog';

/** Asks for a locked profile's passphrase whenever the profile store wants one. */
export function UnlockDialog() {
  const request = useProfiles((s) => s.unlockRequest);
  const profiles = useProfiles((s) => s.profiles);
  const unlock = useProfiles((s) => s.unlock);
  const cancel = useProfiles((s) => s.cancelUnlock);
  if (!request) return null;
  const name = profiles.find((p) => p.id === request.profileId)?.name ?? 'This profile';
  return (
    <FormDialog
      key={request.profileId}
      testId="unlock-dialog"
      title={`Unlock ${name}`}
      intro={`${name} is locked. Enter its passphrase to see its ratings and lists.`}
      fields={[{ name: 'passphrase', label: 'Passphrase', type: 'password', required: true }]}
      submitLabel="Unlock"
      onSubmit={({ passphrase }) => unlock(request.profileId, passphrase)}
      onClose={cancel}
    />
  );
}
