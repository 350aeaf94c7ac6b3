import type {
  BatchGetCommandInput,
  BatchGetCommandOutput,
  BatchWriteCommandInput,
  BatchWriteCommandOutput,
  DeleteCommandInput,
  DeleteCommandOutput,
  GetCommandInput,
  GetCommandOutput,
  PutCommandInput,
  PutCommandOutput,
  QueryCommandInput,
  QueryCommandOutput,
  ScanCommandInput,
  ScanCommandOutput,
  TransactWriteCommandInput,
  TransactWriteCommandOutput,
  UpdateCommandInput,
  UpdateCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { fromAttributeMap, toAttributeMap, type AttributeValue } from './attribute-values';
import { callDynamoDB, DynamoDBError, type DynamoDBEndpoint } from './dynamodb-http';

// The DynamoDB document client every function uses: the commands the functions send (the same names, inputs and
// outputs as @aws-sdk/lib-dynamodb's, whose types these are), plain values converted to DynamoDB's attribute values
// and back (attribute-values.ts), sent over DynamoDB's HTTP API (dynamodb-http.ts). It stands in for the AWS SDK
// because the SDK's DynamoDB client alone takes longer to load than a function's whole cold-start budget (README
// "Cold start"); node:https and node:crypto are all it loads.

export type { QueryCommandInput, ScanCommandInput, ScanCommandOutput, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';

/** A DynamoDB operation (its API name) with its input; the output type rides along for `send`. */
export abstract class DocumentCommand<Input extends object, Output extends object> {
  declare readonly output?: Output;
  abstract readonly operation: string;
  constructor(readonly input: Input) {}
}

export class GetCommand extends DocumentCommand<GetCommandInput, GetCommandOutput> {
  readonly operation = 'GetItem';
}
export class PutCommand extends DocumentCommand<PutCommandInput, PutCommandOutput> {
  readonly operation = 'PutItem';
}
export class UpdateCommand extends DocumentCommand<UpdateCommandInput, UpdateCommandOutput> {
  readonly operation = 'UpdateItem';
}
export class DeleteCommand extends DocumentCommand<DeleteCommandInput, DeleteCommandOutput> {
  readonly operation = 'DeleteItem';
}
export class QueryCommand extends DocumentCommand<QueryCommandInput, QueryCommandOutput> {
  readonly operation = 'Query';
}
export class ScanCommand extends DocumentCommand<ScanCommandInput, ScanCommandOutput> {
  readonly operation = 'Scan';
}
export class BatchGetCommand extends DocumentCommand<BatchGetCommandInput, BatchGetCommandOutput> {
  readonly operation = 'BatchGetItem';
}
export class BatchWriteCommand extends DocumentCommand<BatchWriteCommandInput, BatchWriteCommandOutput> {
  readonly operation = 'BatchWriteItem';
}
export class TransactWriteCommand extends DocumentCommand<TransactWriteCommandInput, TransactWriteCommandOutput> {
  readonly operation = 'TransactWriteItems';
}

type Plain = Record<string, unknown>;
type Wire = Record<string, AttributeValue>;

/** A request as the client is about to send it: the operation's API name and the command's input (plain values, a copy). */
export interface DocumentRequest {
  operation: string;
  input: Record<string, unknown>;
}
/** Sees every request and its answer (benches count requests and capacity with it); may set fields of the input. */
export type Interceptor = (request: DocumentRequest, next: () => Promise<Record<string, unknown>>) => Promise<Record<string, unknown>>;

export interface DynamoDBDocumentClient {
  send<Input extends object, Output extends object>(command: DocumentCommand<Input, Output>): Promise<Output>;
  /** Adds an interceptor around every later request (the last added runs first). */
  intercept(interceptor: Interceptor): void;
  /** Closes kept-alive connections. */
  destroy(): void;
}

const mapOf = (value: unknown): Wire | undefined => (value === undefined ? undefined : toAttributeMap(value as Plain));
const plainOf = (value: unknown): Plain | undefined => (value === undefined ? undefined : fromAttributeMap(value as Wire));
const withValues = (input: Plain, ...keys: string[]): Plain => {
  const out: Plain = { ...input };
  for (const key of keys) if (input[key] !== undefined) out[key] = mapOf(input[key]);
  return out;
};

function transactItemToWire(item: Plain): Plain {
  const out: Plain = {};
  for (const [kind, operation] of Object.entries(item)) out[kind] = operation === undefined ? undefined : withValues(operation as Plain, 'Key', 'Item', 'ExpressionAttributeValues');
  return out;
}

function writeRequestsToWire(requests: Record<string, Plain[]>): Record<string, Plain[]> {
  const out: Record<string, Plain[]> = {};
  for (const [table, list] of Object.entries(requests)) {
    out[table] = list.map((request) => ({
      ...(request.PutRequest ? { PutRequest: { Item: mapOf((request.PutRequest as Plain).Item) } } : {}),
      ...(request.DeleteRequest ? { DeleteRequest: { Key: mapOf((request.DeleteRequest as Plain).Key) } } : {}),
    }));
  }
  return out;
}

function writeRequestsFromWire(requests: Record<string, Plain[]>): Record<string, Plain[]> {
  const out: Record<string, Plain[]> = {};
  for (const [table, list] of Object.entries(requests)) {
    out[table] = list.map((request) => ({
      ...(request.PutRequest ? { PutRequest: { Item: plainOf((request.PutRequest as Plain).Item) } } : {}),
      ...(request.DeleteRequest ? { DeleteRequest: { Key: plainOf((request.DeleteRequest as Plain).Key) } } : {}),
    }));
  }
  return out;
}

function keysAndAttributes(requests: Record<string, Plain>, convert: (item: unknown) => unknown): Record<string, Plain> {
  const out: Record<string, Plain> = {};
  for (const [table, request] of Object.entries(requests)) out[table] = { ...request, Keys: ((request.Keys ?? []) as unknown[]).map(convert) };
  return out;
}

/** The command's input with its plain values as attribute values. */
export function inputToWire(operation: string, input: Plain): Plain {
  switch (operation) {
    case 'GetItem':
    case 'PutItem':
    case 'UpdateItem':
    case 'DeleteItem':
      return withValues(input, 'Key', 'Item', 'ExpressionAttributeValues');
    case 'Query':
    case 'Scan':
      return withValues(input, 'ExclusiveStartKey', 'ExpressionAttributeValues');
    case 'BatchGetItem':
      return { ...input, RequestItems: keysAndAttributes((input.RequestItems ?? {}) as Record<string, Plain>, mapOf) };
    case 'BatchWriteItem':
      return { ...input, RequestItems: writeRequestsToWire((input.RequestItems ?? {}) as Record<string, Plain[]>) };
    case 'TransactWriteItems':
      return { ...input, TransactItems: ((input.TransactItems ?? []) as Plain[]).map(transactItemToWire) };
    default:
      throw new Error(`DynamoDB operation ${operation} is not supported by this client`);
  }
}

/** The operation's answer with its attribute values as plain values. */
export function outputFromWire(operation: string, output: Plain): Plain {
  const out: Plain = { ...output };
  if (output.Item !== undefined) out.Item = plainOf(output.Item);
  if (output.Attributes !== undefined) out.Attributes = plainOf(output.Attributes);
  if (output.LastEvaluatedKey !== undefined) out.LastEvaluatedKey = plainOf(output.LastEvaluatedKey);
  if (Array.isArray(output.Items)) out.Items = output.Items.map(plainOf);
  if (operation === 'BatchGetItem') {
    const responses: Record<string, unknown[]> = {};
    for (const [table, items] of Object.entries((output.Responses ?? {}) as Record<string, unknown[]>)) responses[table] = items.map(plainOf);
    out.Responses = responses;
    out.UnprocessedKeys = keysAndAttributes((output.UnprocessedKeys ?? {}) as Record<string, Plain>, plainOf);
  }
  if (operation === 'BatchWriteItem') out.UnprocessedItems = writeRequestsFromWire((output.UnprocessedItems ?? {}) as Record<string, Plain[]>);
  return out;
}

/** A client for one endpoint. */
export function documentClientFor(endpoint: DynamoDBEndpoint): DynamoDBDocumentClient {
  const interceptors: Interceptor[] = [];
  return {
    async send<Input extends object, Output extends object>(command: DocumentCommand<Input, Output>): Promise<Output> {
      const request: DocumentRequest = { operation: command.operation, input: { ...(command.input as Plain) } };
      let call = async (): Promise<Plain> => {
        try {
          return outputFromWire(request.operation, await callDynamoDB(endpoint, request.operation, inputToWire(request.operation, request.input)));
        } catch (error) {
          if (error instanceof DynamoDBError && error.CancellationReasons) {
            error.CancellationReasons = error.CancellationReasons.map((reason) => (reason.Item ? { ...reason, Item: plainOf(reason.Item) } : reason));
          }
          throw error;
        }
      };
      for (const interceptor of interceptors) {
        const next = call;
        call = () => interceptor(request, next);
      }
      return { ...(await call()), $metadata: {} } as unknown as Output;
    },
    intercept(interceptor: Interceptor) {
      interceptors.push(interceptor);
    },
    destroy: () => endpoint.agent.destroy(),
  };
}
