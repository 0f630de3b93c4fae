import { startHost, type Host } from '../../host/server';
import { portNumber } from '../args';
import type { CliContext } from '../context';

/** serve [--port N] [--dev]: the app on 127.0.0.1 until Ctrl-C. */
export async function serveCommand(cli: CliContext, argv: string[]): Promise<void> {
  const { values } = cli.parse(argv, { port: { type: 'string' }, dev: { type: 'boolean' } });
  const { service } = await cli.open();
  const host = await startHost({
    service,
    port: portNumber(values.port, '--port'),
    dev: values.dev,
  });
  announce(cli, host);
  await untilStopped(host);
}

export function announce(cli: CliContext, host: Host): void {
  cli.print(
    { url: host.url, port: host.port, token: host.token },
    () => `Movie Assistant is at ${host.url}`,
  );
  cli.note('Press Ctrl-C to stop.');
}

/**
 * Resolves once SIGINT or SIGTERM has closed the host (or after a few seconds, whatever is left
 * open); a second signal ends the process at once.
 */
export function untilStopped(host: Host): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const stop = () => {
      if (stopping) {
        process.exit(130);
      }
      stopping = true;
      const giveUp = new Promise<void>((done) => setTimeout(done, CLOSE_GRACE_MS).unref());
      void Promise.race([host.close(), giveUp]).then(() => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

const CLOSE_GRACE_MS = 5_000;
