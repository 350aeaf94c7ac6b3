import { ensureSystemPackages } from '../../scripts/local/prerequisites';
import { startDynamoDbLocal } from '../../scripts/local/dynamodb-local';
import { testPorts } from '../support/ports';

/** One DynamoDB Local (in memory) for every integration test file; each file makes its own tables. */
export default async function globalSetup(): Promise<void> {
  ensureSystemPackages(['java']);
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  // In memory, every file's tables (dropped or not) live in its heap: 1 GB ran short over the whole suite and the
  // instance slowed to a crawl in garbage collection (a 41 s roster import took 173 s on CI). 4 GB of the 24.
  const dynamodb = await startDynamoDbLocal({ port: testPorts.integrationDynamodb, heapMb: 4096 });
  process.env.TEST_DYNAMODB_ENDPOINT = dynamodb.endpoint;
  (globalThis as { __dynamodb?: typeof dynamodb }).__dynamodb = dynamodb;
}
