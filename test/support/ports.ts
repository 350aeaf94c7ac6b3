/** Ports for the test stacks, apart from `npm start`'s defaults so both can run at once. */
export const testPorts = {
  /** The DynamoDB Local of each integration file (test/integration/dynamodb-environment.ts), one port per jest worker. */
  integrationDynamodbOfWorker: (worker: number) => Number(process.env.TEST_DYNAMODB_PORT ?? 8100) + 10 + worker,
  /** TEST_E2E_PORT_SHIFT moves them all, so that two browser suites can run side by side on one machine. */
  e2e: shifted({ dynamodb: 8200, api: 3200, lambda: 3202, wechat: 3299, h5: 10286 }, Number(process.env.TEST_E2E_PORT_SHIFT ?? 0)),
};

function shifted<T extends Record<string, number>>(ports: T, shift: number): T {
  return Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, port + shift])) as T;
}
