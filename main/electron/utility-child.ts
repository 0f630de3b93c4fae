import { utilityProcess } from 'electron';
import type { ServiceChild } from './service-client';
import { configToArgs, type FromService, type ServiceProcessConfig } from './service-protocol';

/** The service process as Electron's utilityProcess (a Node environment of Electron's own). */
export function forkUtilityService(
  entry: string,
  config: ServiceProcessConfig,
  env: NodeJS.ProcessEnv,
): ServiceChild {
  const child = utilityProcess.fork(entry, configToArgs(config), {
    serviceName: 'Movie Assistant service',
    env,
    stdio: 'inherit',
  });
  return {
    postMessage: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', (message: FromService) => listener(message)),
    onExit: (listener) => child.once('exit', (code) => listener(code)),
    kill: () => void child.kill(),
  };
}
