import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { QueryCommand } from '../../../functions/storage/document-client';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { seedWhenEmpty } from '../../../scripts/local/seed';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable({ seed: true });
});
afterAll(() => table.drop());

const query = async (index: string, pk: string, pkValue: string, extra: { sk?: string; prefix?: string } = {}) => {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await table.db.send(
      new QueryCommand({
        TableName: table.tableName,
        IndexName: index,
        KeyConditionExpression: extra.sk ? `${pk} = :v AND begins_with(${extra.sk}, :p)` : `${pk} = :v`,
        ExpressionAttributeValues: { ':v': pkValue, ...(extra.sk ? { ':p': extra.prefix } : {}) },
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
};

describe('the table made from config/table.js', () => {
  it('has pk/sk, the GSIs named for their queries, a stream and TTL', async () => {
    const { Table } = await table.raw.send(new DescribeTableCommand({ TableName: table.tableName }));
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual(['byDueTime', 'byOpenid', 'byParent', 'bySubtree']);
    expect(Table?.StreamSpecification).toMatchObject({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    const ttl = await table.raw.send(new DescribeTimeToLiveCommand({ TableName: table.tableName }));
    expect(ttl.TimeToLiveDescription).toMatchObject({ AttributeName: 'expiresAt', TimeToLiveStatus: 'ENABLED' });
  });
});

describe('the demo data', () => {
  it('is a city federation with two districts and six grassroots unions with sub-unions', async () => {
    const tree = await query('bySubtree', 'gsi3pk', 'TREE#city-jz');
    const byLevel = (level: string) => tree.filter((o) => o.level === level);
    expect(byLevel('city')).toHaveLength(1);
    expect(byLevel('district')).toHaveLength(2);
    expect(byLevel('grassroots')).toHaveLength(6);
    for (const union of byLevel('grassroots')) {
      const children = await query('byParent', 'gsi1pk', `ORG#${String(union.orgId)}`, { sk: 'gsi1sk', prefix: 'ORG#' });
      expect(children.length).toBeGreaterThanOrEqual(1);
    }
  });

  it('gives every grassroots union a roster of 20 to 200 members', async () => {
    const tree = await query('bySubtree', 'gsi3pk', 'TREE#city-jz');
    for (const union of tree.filter((o) => o.level === 'grassroots')) {
      const roster = await query('byParent', 'gsi1pk', `ORG#${String(union.orgId)}`, { sk: 'gsi1sk', prefix: 'MEMBER#' });
      expect(roster.length).toBeGreaterThanOrEqual(20);
      expect(roster.length).toBeLessThanOrEqual(200);
    }
  });

  it('has chair, reviewer and organiser identities, and a second seeding changes nothing', async () => {
    const again = await seedWhenEmpty(table.db, table.tableName);
    expect(again.seeded).toBe(false);
    expect(again.identities.map((i) => i.identity)).toEqual(expect.arrayContaining(['organiser', 'investigator', 'reviewer-jiefang', 'reviewer-shanyang', 'chair-1', 'chair-2', 'member-1', 'member-2']));
  });
});
