import { TransactWriteCommand, type DynamoDBDocumentClient } from '../../functions/storage/document-client';

/** The function's own DynamoDB client, failing its nth transaction as a Lambda cut off mid-request would. */
export function failNthTransaction(db: DynamoDBDocumentClient, nth: number): { restore: () => void } {
  const original = db.send.bind(db) as (command: unknown) => Promise<unknown>;
  let seen = 0;
  const spy = jest.spyOn(db, 'send').mockImplementation(((command: unknown) => {
    if (command instanceof TransactWriteCommand && ++seen === nth) return Promise.reject(new Error('simulated: the function stopped half-way'));
    return original(command);
  }) as never);
  return { restore: () => spy.mockRestore() };
}
