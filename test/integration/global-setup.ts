import { ensureSystemPackages } from '../../scripts/local/prerequisites';
import { startDynamoDbLocal } from '../../scripts/local/dynamodb-local';
import { testPorts } from '../support/ports';

/** One DynamoDB Local (in memory) for every integration test file; each file makes its own tables. */
export default async function globalSetup(): Promise<void> {
  ensureSystemPackages(['java']);
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const dynamodb = await startDynamoDbLocal({ port: testPorts.integrationDynamodb });
  process.env.TEST_DYNAMODB_ENDPOINT = dynamodb.endpoint;
  (globalThis as { __dynamodb?: typeof dynamodb }).__dynamodb = dynamodb;
}
