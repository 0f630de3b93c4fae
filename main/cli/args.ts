import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Options every command takes. */
export const commonOptions = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  backend: { type: 'string' },
  models: { type: 'string' },
  passphrase: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

export type CommonValues = {
  db?: string;
  json?: boolean;
  backend?: string;
  models?: string;
  passphrase?: string;
  help?: boolean;
};

const commonWithValue = new Set(['--db', '--backend', '--models', '--passphrase']);

/**
 * The common options may also come before the command (`movie-assistant --db F search x`):
 * they are moved after it, where the command parses them.
 */
export function commandFirst(argv: string[]): string[] {
  let i = 0;
  while (i < argv.length) {
    const [option] = argv[i].split('=', 1);
    if (commonWithValue.has(option)) i += argv[i].includes('=') ? 1 : 2;
    else if (argv[i] === '--json') i += 1;
    else break;
  }
  return [...argv.slice(i), ...argv.slice(0, i)];
}

/** Parses one command's arguments strictly; unknown options are a UsageError. */
export function parseCommand<O extends Options>(argv: string[], options: O) {
  try {
    return parseArgs({
      args: argv,
      options: { ...commonOptions, ...options },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    const message = (error as Error).message;
    // "--min-ratings -1": parseArgs reads "-1" as an option, not as the value it is.
    const option = /^Option '(-[\w-]+)' argument is ambiguous/.exec(message)?.[1];
    const value = option === undefined ? undefined : argv[argv.indexOf(option) + 1];
    if (option !== undefined && value !== undefined) {
      const howTo = option.startsWith('--') ? `: write ${option}=${value} to give it` : '';
      throw new UsageError(`${option} takes a value, and "${value}" reads as an option${howTo}`);
    }
    throw new UsageError(message.split('\n')[0].split('. To specify')[0]);
  }
}

export function positiveInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n <= 0)
    throw new UsageError(`${name} must be a positive whole number, not "${value}"`);
  return n;
}

/** A TCP port to listen on, 1 to 65535. */
export function portNumber(value: string | undefined, name: string): number | undefined {
  const n = positiveInt(value, name);
  if (n !== undefined && n > 65_535)
    throw new UsageError(`${name} takes a port from 1 to 65535, not "${value}"`);
  return n;
}

export function integer(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new UsageError(`${name} must be a whole number, not "${value}"`);
  return n;
}

/** A share from 0 to 1 ("--variety 0.5"). */
export function share(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1)
    throw new UsageError(`${name} takes a number from 0 to 1, not "${value}"`);
  return n;
}

export function required<T>(value: T | undefined, what: string): T {
  if (value === undefined || value === '') throw new UsageError(`missing ${what}`);
  return value;
}
