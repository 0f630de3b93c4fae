import { afterEach, describe, expect, it } from 'vitest';
import { UnlockThrottle } from '../../main/service/unlock-throttle';
import { call, callError, openTestService } from '../helpers/service-fixture';

/**
 * Issue 12, item 9: passphrase checks run off the service's thread, and wrong passphrases back
 * off per profile.
 */
describe('passphrase checks', () => {
  let close: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await close?.();
    close = null;
  });

  it('do not hold up another client: 20 parallel wrong unlocks, and a search answers at once', async () => {
    const opened = openTestService({
      unlockBackoff: { freeAttempts: 1000, firstDelayMs: 1, maxDelayMs: 1 },
    });
    close = opened.close;
    const { service } = opened;
    const owner = service.newSession();
    const profile = await call(service, owner, 'profiles.create', {
      name: 'Locked',
      passphrase: 'right words',
    });

    const started = performance.now();
    const unlocks = Array.from({ length: 20 }, () =>
      service.dispatch(
        'profiles.unlock',
        { profileId: profile.id, passphrase: 'wrong words' },
        service.newSession(),
      ),
    );
    await call(service, service.newSession(), 'search.movies', { query: 'alien' });
    const searchMs = performance.now() - started;

    const answers = await Promise.all(unlocks);
    expect(answers.every((a) => !a.ok && a.error.code === 'forbidden')).toBe(true);
    // scrypt costs about 0.1 s a check: run on the service's thread, 20 of them take seconds.
    expect(searchMs).toBeLessThan(1000);
  });

  it('back off after 5 wrong passphrases, saying when to retry, then open again', async () => {
    const opened = openTestService({
      unlockBackoff: { freeAttempts: 5, firstDelayMs: 400, maxDelayMs: 2000 },
    });
    close = opened.close;
    const { service } = opened;
    const owner = service.newSession();
    const locked = await call(service, owner, 'profiles.create', {
      name: 'Ann',
      passphrase: 'right words',
    });
    const other = await call(service, owner, 'profiles.create', {
      name: 'Bob',
      passphrase: 'bobs words',
    });
    const unlock = (profileId: number, passphrase: string) =>
      callError(service, service.newSession(), 'profiles.unlock', { profileId, passphrase });

    for (let i = 0; i < 5; i++) {
      expect((await unlock(locked.id, 'wrong')).message).toMatch(/does not open/);
    }
    const refused = await unlock(locked.id, 'wrong');
    expect(refused.code).toBe('forbidden');
    expect(refused.message).toMatch(/Too many wrong passphrases.*try again in 1 s/);
    // The right passphrase waits too, and so does removing the lock.
    const rightTooSoon = await service.dispatch(
      'profiles.unlock',
      { profileId: locked.id, passphrase: 'right words' },
      service.newSession(),
    );
    expect(rightTooSoon).toMatchObject({ ok: false, error: { message: /Too many/ } });
    expect(
      (
        await callError(service, owner, 'profiles.removeLock', {
          profileId: locked.id,
          passphrase: 'right words',
        })
      ).message,
    ).toMatch(/Too many/);
    // Another profile is not held back.
    await call(service, service.newSession(), 'profiles.unlock', {
      profileId: other.id,
      passphrase: 'bobs words',
    });

    await new Promise((resolve) => setTimeout(resolve, 450));
    // One more wrong try is let through after the delay, and doubles it.
    expect((await unlock(locked.id, 'wrong')).message).toMatch(/does not open/);
    expect((await unlock(locked.id, 'right words')).message).toMatch(/Too many/);
    await new Promise((resolve) => setTimeout(resolve, 850));
    await call(service, service.newSession(), 'profiles.unlock', {
      profileId: locked.id,
      passphrase: 'right words',
    });
    // A right passphrase starts the count afresh.
    expect((await unlock(locked.id, 'wrong')).message).toMatch(/does not open/);
  });

  it('let only the free attempts of a parallel burst run scrypt', async () => {
    const opened = openTestService({
      unlockBackoff: { freeAttempts: 5, firstDelayMs: 60_000, maxDelayMs: 60_000 },
    });
    close = opened.close;
    const { service } = opened;
    const profile = await call(service, service.newSession(), 'profiles.create', {
      name: 'Cy',
      passphrase: 'right words',
    });
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        callError(service, service.newSession(), 'profiles.unlock', {
          profileId: profile.id,
          passphrase: 'wrong',
        }),
      ),
    );
    const messages = answers.map((a) => a.message);
    expect(messages.filter((m) => /does not open/.test(m))).toHaveLength(5);
    expect(messages.filter((m) => /Too many/.test(m))).toHaveLength(15);
    const last = await callError(service, service.newSession(), 'profiles.unlock', {
      profileId: profile.id,
      passphrase: 'right words',
    });
    expect(last.message).toMatch(/try again in 60 s/);
  });

  it('double the delay from 1 s up to 60 s by default', () => {
    const throttle = new UnlockThrottle();
    expect([4, 5, 6, 7, 11, 12, 20].map((n) => throttle.delayAfter(n))).toEqual([
      0, 1_000, 2_000, 4_000, 60_000, 60_000, 60_000,
    ]);
  });
});
