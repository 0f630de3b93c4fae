import type { ServerFrame } from '../../shared/frames';

/**
 * Messages between the Electron main process and the service process (Electron's utilityProcess,
 * or a plain Node child in tests). Each window is one connection with its own session; the main
 * process only moves frames and never looks inside them.
 */
export type ToService =
  | { type: 'connect'; conn: string }
  | { type: 'frame'; conn: string; frame: unknown }
  | { type: 'disconnect'; conn: string }
  | { type: 'shutdown' };

export type FromService =
  | { type: 'ready'; dbFile: string }
  | { type: 'frame'; conn: string; frame: ServerFrame }
  | { type: 'fatal'; message: string };

/** What the service process reads from its command line. */
export interface ServiceProcessConfig {
  dbFile?: string;
  modelsDir?: string;
  backend?: string;
}

export function configToArgs(config: ServiceProcessConfig): string[] {
  const args: string[] = [];
  if (config.dbFile) args.push('--db', config.dbFile);
  if (config.modelsDir) args.push('--models', config.modelsDir);
  if (config.backend) args.push('--backend', config.backend);
  return args;
}

export function configFromArgs(argv: string[]): ServiceProcessConfig {
  const value = (flag: string) => {
    const index = argv.indexOf(flag);
    return index >= 0 && index + 1 < argv.length ? argv[index + 1] : undefined;
  };
  return { dbFile: value('--db'), modelsDir: value('--models'), backend: value('--backend') };
}
