import { ensureSystemPackages } from '../../scripts/local/prerequisites';

/**
 * Java for DynamoDB Local, checked once. Each file then runs on a DynamoDB Local of its own
 * (test/integration/dynamodb-environment.ts) and makes its own tables there.
 */
export default async function globalSetup(): Promise<void> {
  ensureSystemPackages(['java']);
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
}
