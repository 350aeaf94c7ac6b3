// The one definition of the DynamoDB table: serverless.yml deploys `resource` with
// ${file(./config/table.js):resource}; the local stack and the tests create the same table from it
// (scripts/local/table.ts turns it into a CreateTable call). Change it here only.
'use strict';

const attribute = (name) => ({ AttributeName: name, AttributeType: 'S' });
const keys = (hash, range) => [
  { AttributeName: hash, KeyType: 'HASH' },
  ...(range ? [{ AttributeName: range, KeyType: 'RANGE' }] : []),
];

/** Each index is named for the query it serves. */
const indexes = [
  // A WeChat openid → the member bound to it (log-in).
  { IndexName: 'byOpenid', KeySchema: keys('openid'), Projection: { ProjectionType: 'ALL' } },
  // An org → its direct children: sub-orgs (ORG#…) and roster members (MEMBER#…), and its role holders (ROLE#…).
  { IndexName: 'byParent', KeySchema: keys('gsi1pk', 'gsi1sk'), Projection: { ProjectionType: 'ALL' } },
  // Time-driven work: DUE#<kind> → items ordered by the instant they fall due (the clock job).
  { IndexName: 'byDueTime', KeySchema: keys('gsi2pk', 'gsi2sk'), Projection: { ProjectionType: 'ALL' } },
  // A federation tree → orgs ordered by path, for subtree (scope) queries with begins_with.
  { IndexName: 'bySubtree', KeySchema: keys('gsi3pk', 'gsi3sk'), Projection: { ProjectionType: 'ALL' } },
];

const ttlAttribute = 'expiresAt';
const streamViewType = 'NEW_AND_OLD_IMAGES';

const properties = {
  TableName: '${self:custom.tableName}',
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: ['pk', 'sk', 'openid', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk'].map(attribute),
  KeySchema: keys('pk', 'sk'),
  GlobalSecondaryIndexes: indexes,
  PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
  TimeToLiveSpecification: { AttributeName: ttlAttribute, Enabled: true },
  StreamSpecification: { StreamViewType: streamViewType },
  SSESpecification: { SSEEnabled: true },
};

module.exports = {
  resource: { Type: 'AWS::DynamoDB::Table', DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain', Properties: properties },
  properties,
  indexes,
  ttlAttribute,
  streamViewType,
};
