import { LockIcon } from './LockIcon';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useDialogs } from '../stores/dialogs';
import { useNavigation } from '../stores/navigation';
import { currentProfile, useProfiles } from '../stores/profiles';

/** The top bar's profile switcher: switch, create, rename, lock, delete. */
export function ProfileMenu() {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const profiles = useProfiles((s) => s.profiles);
  const profile = useProfiles(currentProfile);
  const select = useProfiles((s) => s.select);
  const signOut = useProfiles((s) => s.signOut);
  const show = useDialogs((s) => s.show);

  useEffect(() => {
    if (!open) return;
    ref.current?.querySelector<HTMLElement>('.menu-item')?.focus();
    const outside = (event: MouseEvent) => {
      if (!ref.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', outside);
    return () => document.removeEventListener('mousedown', outside);
  }, [open]);

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      setOpen(false);
      ref.current?.querySelector<HTMLElement>('[data-testid="profile-menu-button"]')?.focus();
      return;
    }
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const items = [...(ref.current?.querySelectorAll<HTMLElement>('.menu-item') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const next = items[(at + (event.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length];
    next?.focus();
    event.preventDefault();
  }

  function act(work: () => void) {
    setOpen(false);
    work();
  }

  return (
    <div ref={ref} style={{ position: 'relative' }} onKeyDown={onKeyDown}>
      <button
        type="button"
        className="button quiet"
        aria-haspopup="menu"
        aria-expanded={open}
        data-testid="profile-menu-button"
        onClick={() => setOpen(!open)}
      >
        <span className="avatar small" aria-hidden="true">
          {(profile?.name ?? '?').slice(0, 1).toUpperCase()}
        </span>
        {profile ? profile.name : 'No profile'} {profile?.locked && <LockIcon />}
        <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div className="menu" role="menu" data-testid="profile-menu">
          <div className="menu-label">Switch profile</div>
          {profiles.map((p) => (
            <button
              key={p.id}
              type="button"
              role="menuitemradio"
              aria-checked={p.id === profile?.id}
              className="menu-item"
              data-testid={`switch-profile-${p.name}`}
              onClick={() =>
                act(() => {
                  void select(p.id).then(() => {
                    if (useProfiles.getState().currentId === p.id)
                      useNavigation.getState().reset('forYou');
                  });
                })
              }
            >
              <span className="avatar small" aria-hidden="true">
                {p.name.slice(0, 1).toUpperCase()}
              </span>
              {p.name} {p.locked && <LockIcon />}
            </button>
          ))}
          <button
            type="button"
            role="menuitem"
            className="menu-item"
            onClick={() => act(() => show('create'))}
          >
            + New profile…
          </button>
          {profile && (
            <>
              <div className="menu-separator" />
              <div className="menu-label">{profile.name}</div>
              <button
                type="button"
                role="menuitem"
                className="menu-item"
                onClick={() => act(() => show('rename', profile.id))}
              >
                Rename…
              </button>
              {profile.locked ? (
                <>
                  <button
                    type="button"
                    role="menuitem"
                    className="menu-item"
                    data-testid="lock-now"
                    onClick={() =>
                      act(() => {
                        void signOut().then(() => useNavigation.getState().reset('profiles'));
                      })
                    }
                  >
                    Lock now
                  </button>
                  <button
                    type="button"
                    role="menuitem"
                    className="menu-item"
                    onClick={() => act(() => show('removeLock', profile.id))}
                  >
                    Remove lock…
                  </button>
                </>
              ) : (
                <button
                  type="button"
                  role="menuitem"
                  className="menu-item"
                  data-testid="lock-profile"
                  onClick={() => act(() => show('lock', profile.id))}
                >
                  Lock with a passphrase…
                </button>
              )}
              <button
                type="button"
                role="menuitem"
                className="menu-item"
                onClick={() => act(() => show('delete', profile.id))}
              >
                Delete profile…
              </button>
            </>
          )}
          <div className="menu-separator" />
          <button
            type="button"
            role="menuitem"
            className="menu-item"
            onClick={() => act(() => useNavigation.getState().go('profiles'))}
          >
            All profiles
          </button>
        </div>
      )}
    </div>
  );
}
