import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';

// The same definition serverless.yml deploys.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const table = require('../../config/table.js') as {
  properties: {
    AttributeDefinitions: CreateTableCommandInput['AttributeDefinitions'];
    KeySchema: CreateTableCommandInput['KeySchema'];
    GlobalSecondaryIndexes: CreateTableCommandInput['GlobalSecondaryIndexes'];
  };
  ballotBoxProperties: {
    AttributeDefinitions: CreateTableCommandInput['AttributeDefinitions'];
    KeySchema: CreateTableCommandInput['KeySchema'];
  };
  ttlAttribute: string;
  streamViewType: 'NEW_AND_OLD_IMAGES';
};

/** CloudFormation's table properties as a CreateTable call (stream and billing spelled the API's way). */
export function createTableInput(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: table.properties.AttributeDefinitions,
    KeySchema: table.properties.KeySchema,
    GlobalSecondaryIndexes: table.properties.GlobalSecondaryIndexes,
    StreamSpecification: { StreamEnabled: true, StreamViewType: table.streamViewType },
  };
}

/** Creates the table (and its TTL) when it does not exist; returns true when it was created. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return false;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await client.send(new CreateTableCommand(createTableInput(tableName)));
  await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: table.ttlAttribute, Enabled: true } }));
  return true;
}

/** Creates the ballot box (no stream, no index: config/table.js) when it does not exist; true when created. */
export async function ensureBallotBox(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return false;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: table.ballotBoxProperties.AttributeDefinitions,
      KeySchema: table.ballotBoxProperties.KeySchema,
    }),
  );
  return true;
}
