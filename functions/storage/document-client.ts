// The DynamoDB document client and its commands, as every module of the functions imports them.
export {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
export type { QueryCommandInput, ScanCommandOutput, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
