import { randomBytes } from 'node:crypto';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { setProductClock } from '../../support/product-clock';
import { useAppraisalTables } from '../appraisal/appraisal-support';

/**
 * A test file's own seeded table for calling the campaign and publicity handlers: the product's clock at `at`, the
 * functions' environment (table, session secret, reporter keys), dropped after the file. Returns a getter, since the
 * table exists only once beforeAll has run.
 */
export function useSeededTable(at: string): () => TestTable {
  let table: TestTable | undefined;
  beforeAll(async () => {
    setProductClock(at);
    table = await createTestTable({ seed: true });
    useAppraisalTables(table);
    Object.assign(process.env, { REPORTER_KEY: randomBytes(32).toString('base64url'), WATCHER_KEY: randomBytes(32).toString('base64url') });
  });
  afterAll(async () => {
    await table?.drop();
  });
  return () => {
    if (!table) throw new Error('the seeded table is made in beforeAll');
    return table;
  };
}
