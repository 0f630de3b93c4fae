import { parseCommand, portNumber, positiveInt } from '../../main/cli/args';
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

  test('a positive whole number is written in digits: "1e9" and "0x10" are not one', () => {
    expect(positiveInt('300', '--min-ratings')).toBe(300);
    for (const written of ['1e9', '0x10', '-1', '0', '2.5', ''])
      expect(() => positiveInt(written, '--min-ratings')).toThrow(
        new UsageError(`--min-ratings must be a positive whole number, not "${written}"`),
      );
  });

  test('a value that starts with a dash is named, with how to give it', () => {
    const options = {
      'min-ratings': { type: 'string' },
      n: { type: 'string', short: 'n' },
    } as const;
    expect(() => parseCommand(['recommend', '--min-ratings', '-1'], options)).toThrow(
      new UsageError(
        '--min-ratings takes a value, and "-1" reads as an option: write --min-ratings=-1 to give it',
      ),
    );
    expect(() => parseCommand(['search', 'alien', '-n', '-5'], options)).toThrow(
      new UsageError('-n takes a value, and "-5" reads as an option'),
    );
    expect(parseCommand(['recommend', '--min-ratings=-1'], options).values['min-ratings']).toBe(
      '-1',
    );
  });
});
