import { startPlatform, type Platform } from '../../infra/local/platform.ts';
import type { ProvidedPlatform } from '../global-setup.ts';

/**
 * The integration tests' shared platform, in a Node process of its own (test/global-setup.ts forks
 * it): it starts faster under Node's loader than inside vitest's, and serves every integration
 * file's requests without competing with vitest's own work. It is forked before the run's DynamoDB
 * Local is up, and starts everything else meanwhile; the parent sends the JVM's endpoint over IPC.
 * It reports what it provides the same way, and stops when asked or when vitest goes away (the IPC
 * channel closes).
 */

if (!process.send) {
  console.error('usage: forked by test/global-setup.ts, which sends the DynamoDB Local endpoint over IPC');
  process.exit(2);
}
type ParentMessage = 'stop' | { dynamoEndpoint: string };
const dynamoEndpoint = new Promise<string>((resolve) => {
  const listener = (message: ParentMessage) => {
    if (typeof message === 'object') {
      process.off('message', listener);
      resolve(message.dynamoEndpoint);
    }
  };
  process.on('message', listener);
});

let platform: Platform | undefined;
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await platform?.stop();
  process.exit(0);
};
process.on('disconnect', () => void stop());
process.on('message', (message: ParentMessage) => {
  if (message === 'stop') void stop();
});

try {
  platform = await startPlatform({ apiPort: 0, dynamoEndpoint, sesPort: 0, stepFunctionsPort: 0, dataDir: null, quiet: true });
  const provided: ProvidedPlatform = {
    apiUrl: platform.apiUrl,
    sesUrl: platform.sesUrl,
    inboxUrl: platform.inboxUrl,
    dynamoEndpoint: platform.dynamoEndpoint,
    stepFunctionsUrl: platform.stepFunctionsUrl,
    environment: platform.environment,
    tables: platform.tables,
    stateMachines: platform.stateMachines,
  };
  process.send({ ready: provided });
} catch (error) {
  process.send({ failed: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
}
