import type { LocalStack } from '../../scripts/local/local-stack';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __stack?: LocalStack }).__stack?.stop();
}
