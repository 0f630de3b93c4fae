import { portNumber } from '../../main/cli/args';
import { UsageError } from '../../main/cli/errors';

describe('the command line reads its numbers as a person means them', () => {
  test('a port is a whole number from 1 to 65535, else a usage error saying so', () => {
    expect(portNumber(undefined, '--port')).toBeUndefined();
    expect(portNumber('8080', '--port')).toBe(8080);
    expect(portNumber('65535', '--port')).toBe(65_535);
    expect(() => portNumber('65536', '--port')).toThrow(
      new UsageError('--port takes a port from 1 to 65535, not "65536"'),
    );
    expect(() => portNumber('0', '--port')).toThrow(UsageError);
    expect(() => portNumber('80.5', '--port')).toThrow(UsageError);
  });
});
