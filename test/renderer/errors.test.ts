import { ApiError } from '../../shared/api';
import { errorCode, isLockedError, readableError } from '../../renderer/src/api/errors';

describe('error messages', () => {
  it('reads the code by shape, whatever carried the error', () => {
    expect(errorCode(new ApiError('locked', 'x'))).toBe('locked');
    expect(isLockedError({ code: 'locked', message: 'cloned across the bridge' })).toBe(true);
    expect(errorCode(new Error('plain'))).toBeNull();
  });

  it('always gives a sentence', () => {
    expect(readableError(new ApiError('not-found', 'No movie 7'))).toBe('No movie 7');
    expect(readableError({ code: 'locked', message: '' })).toMatch(/locked/);
    expect(readableError(undefined)).toBe('Something went wrong.');
    expect(readableError(new Error("Error invoking remote method 'api': Error: Disk full"))).toBe(
      'Disk full',
    );
  });

  it('says what was wrong with a refused request, not which channel it went to', () => {
    const refused = new ApiError(
      'bad-request',
      'Bad request to profiles.create: name: a profile name is at most 60 characters',
    );
    expect(readableError(refused)).toBe('name: a profile name is at most 60 characters');
    // Only a bad request loses the prefix; other messages are the service's own words.
    expect(readableError(new ApiError('failed', 'Bad request to x: y'))).toBe(
      'Bad request to x: y',
    );
  });
});
