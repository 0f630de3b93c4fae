import { fork } from 'node:child_process';
import type { ServiceChild } from './service-client';
import { configToArgs, type FromService, type ServiceProcessConfig } from './service-protocol';

/**
 * The service process as a plain Node child (tests, and anywhere Electron is not running).
 * Electron's utilityProcess adapter lives in utility-child.ts so this file never imports Electron.
 */
export function forkNodeService(
  entry: string,
  config: ServiceProcessConfig,
  options: { env?: NodeJS.ProcessEnv; execArgv?: string[] } = {},
): ServiceChild {
  const child = fork(entry, configToArgs(config), {
    env: options.env ?? process.env,
    execArgv: options.execArgv ?? [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  return {
    postMessage: (message) => child.send(message),
    onMessage: (listener) => child.on('message', (message) => listener(message as FromService)),
    onExit: (listener) => child.once('exit', (code) => listener(code)),
    kill: () => child.kill(),
  };
}
