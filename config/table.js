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
  // An org → its direct children: sub-orgs (ORG#…) and roster members (MEMBER#…), and its role holders (ROLE#…);
  // also an org → its ballots (APPRAISAL#…) and a member (BALLOTS#<memberId>) → the ballots they may vote in.
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

// The ballot box (DESIGN.md invariants 1–3): participation markers, sharded counters and suggestions of the secret
// ballots, in a table of their own WITHOUT a stream. On the main table a stream record of a marker and one of a
// counter, written by the same transaction at the same instant, could be joined to learn who chose what; here no
// change feed exists. No index either: every read is by key or partition (functions/appraisal/ballot-box-keys.ts).
// No history of any kind (issue #15): no point-in-time recovery — two restores a second apart would show which
// marker flipped with which counter, the very join the missing stream avoids — and no on-demand backup, not even
// after sealing: a backup taken when one ballot seals is a snapshot of every other ballot still open, and two such
// snapshots are the same diff. What must outlive the box is copied out of it at sealing (the totals, into the
// appraisal's record in the main table, which keeps its recovery); losing the box loses open ballots and receipt
// checks, never a sealed result.
const ballotBoxProperties = {
  TableName: '${self:custom.ballotBoxTableName}',
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: ['pk', 'sk'].map(attribute),
  KeySchema: keys('pk', 'sk'),
  PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false },
  SSESpecification: { SSEEnabled: true },
};

module.exports = {
  resource: { Type: 'AWS::DynamoDB::Table', DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain', Properties: properties },
  ballotBoxResource: { Type: 'AWS::DynamoDB::Table', DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain', Properties: ballotBoxProperties },
  ballotBoxProperties,
  properties,
  indexes,
  ttlAttribute,
  streamViewType,
};
