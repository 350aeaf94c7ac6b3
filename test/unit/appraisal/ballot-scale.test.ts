import { randomInt } from 'node:crypto';
import { ballotBoxKeys, counterShards, markerIdOf, receiptOf, voterBuckets } from '../../../functions/appraisal/ballot-box-keys';

/**
 * DESIGN.md invariant 3 and issue 6 point 4, computed rather than assumed: with 1,000,000 members voting in one
 * ballot at 10,000 votes/s, no partition key of the ballot box takes more than 1,000 write units per second.
 * A vote is one transaction of two items; transactional writes cost 2 WCU per item (≤ 1 KB).
 */
const members = 1_000_000;
const votesPerSecond = 10_000;
const wcuPerTransactionalItem = 2;
const partitionLimit = 1000;

describe('the ballot box keys for 1,000,000 members at 10,000 votes/s', () => {
  it('spreads the participation markers so that the busiest marker partition stays far below 1,000 WCU/s', () => {
    const perBucket = new Map<string, number>();
    for (let i = 0; i < members; i += 1) {
      const receipt = receiptOf('scale-test-key', 'ap-0123456789abcdef0123', `member-${i}`);
      const { pk } = ballotBoxKeys.marker('ap-0123456789abcdef0123', markerIdOf('ap-0123456789abcdef0123', receipt));
      perBucket.set(pk, (perBucket.get(pk) ?? 0) + 1);
    }
    expect(perBucket.size).toBe(voterBuckets);
    const busiest = Math.max(...perBucket.values());
    // Voting order is arbitrary, so a bucket's share of the vote rate is its share of the members.
    const busiestWcu = (busiest / members) * votesPerSecond * wcuPerTransactionalItem;
    expect(busiest).toBeLessThan((members / voterBuckets) * 1.15); // ~977 markers each, within 15 %
    expect(busiestWcu).toBeLessThan(partitionLimit / 20);
  });

  it('keeps every counter shard below 1,000 WCU/s in every second of a 100-second, 1,000,000-vote burst', () => {
    let busiestShardSecond = 0;
    for (let second = 0; second < members / votesPerSecond; second += 1) {
      const perShard = new Array<number>(counterShards).fill(0);
      for (let v = 0; v < votesPerSecond; v += 1) {
        const shard = randomInt(counterShards);
        perShard[shard] = (perShard[shard] ?? 0) + 1;
      }
      busiestShardSecond = Math.max(busiestShardSecond, ...perShard);
    }
    // Mean 156 votes/s per shard (312 WCU/s); the busiest shard-second stays well under the limit.
    expect(busiestShardSecond * wcuPerTransactionalItem).toBeLessThan(partitionLimit * 0.6);
  });

  it('derives the same receipt for the same member and ballot, and different ones otherwise', () => {
    const a = receiptOf('k', 'ap-00000000000000000001', 'm1');
    expect(receiptOf('k', 'ap-00000000000000000001', 'm1')).toBe(a);
    expect(receiptOf('k', 'ap-00000000000000000002', 'm1')).not.toBe(a);
    expect(receiptOf('k', 'ap-00000000000000000001', 'm2')).not.toBe(a);
    expect(receiptOf('other key', 'ap-00000000000000000001', 'm1')).not.toBe(a);
    expect(a).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}(-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}){3}$/);
  });
});
