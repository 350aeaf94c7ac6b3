import NodeEnvironment from 'jest-environment-node';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../scripts/local/dynamodb-local';
import { testPorts } from '../support/ports';

/**
 * Each integration test file runs on a DynamoDB Local of its own, started before the file and stopped after its last
 * hook. One instance shared by the whole suite grew slower with every file, although every file drops its tables:
 * the 5,000-row roster import committed in 12.6 s on a fresh instance, in 40.6 s right after campaign-api, and timed
 * out (over 300 s) at the end of a CI run — the instance's SQLite thread was at 100 % while the heap was idle. A
 * fresh instance costs about 2 s and makes each file's time its own, whatever ran before it and on whichever worker.
 */
export default class DynamoDbLocalEnvironment extends NodeEnvironment {
  private dynamodb: DynamoDbLocal | undefined;

  override async setup(): Promise<void> {
    await super.setup();
    this.dynamodb = await startDynamoDbLocal({ port: testPorts.integrationDynamodbOfWorker(Number(process.env.JEST_WORKER_ID ?? 1)), heapMb: 2048 });
    this.global.process.env.TEST_DYNAMODB_ENDPOINT = this.dynamodb.endpoint;
  }

  override async teardown(): Promise<void> {
    await this.dynamodb?.stop();
    await super.teardown();
  }
}
