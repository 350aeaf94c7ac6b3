import { createHash, createHmac } from 'node:crypto';

/**
 * Key design of the ballot box (DESIGN.md invariants 1–3; arithmetic in docs/ballot-scale.md).
 *
 * Target: one ballot takes 10,000 votes/s on AWS with no partition key above 1,000 write units/s.
 * A vote is one TransactWriteItems of two items (three with a suggestion); transactional writes cost 2 WCU per
 * KB, so a vote costs 2 WCU on its marker and 2 WCU on a counter shard (4 more on a suggestion of ≤ 2 KB).
 *
 * - Participation markers: `V#<appraisalId>#<bucket>` / `<markerId>`, 1,024 buckets chosen by a hash, so at
 *   10,000 votes/s a bucket takes ~10 votes/s ≈ 20 WCU/s.
 * - Counter shards: `C#<appraisalId>#<shard>` / `COUNT`, 64 shards, one chosen at random per vote: ~156 votes/s
 *   ≈ 312 WCU/s each; four standard deviations above that is ~206 votes/s ≈ 412 WCU/s, far below 1,000.
 * - Suggestions: `S#<appraisalId>#<shard>` / <random id>, 128 shards: ≤ 10,000 × 4 / 128 ≈ 313 WCU/s.
 * Sealing reads the 64 shards: its cost does not depend on the number of ballots.
 */
export const counterShards = 64;
export const voterBuckets = 1024;
export const suggestionShards = 128;

/** Receipt alphabet: no look-alikes (0/O, 1/I/L); 31 symbols, 16 of them ≈ 79 bits. */
const alphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/**
 * The receipt of one member's vote in one ballot: an HMAC under a server key, so a repeat (or a retry after a
 * lost answer) gets the same code without storing any link between member and receipt, and nobody without the key
 * can compute anyone's receipt.
 */
export function receiptOf(key: string, appraisalId: string, memberId: string): string {
  const digest = createHmac('sha256', key).update(`receipt\u0000${appraisalId}\u0000${memberId}`).digest();
  let n = BigInt(`0x${digest.subarray(0, 12).toString('hex')}`);
  let code = '';
  for (let i = 0; i < 16; i += 1) {
    code += alphabet[Number(n % 31n)];
    n /= 31n;
  }
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8, 12)}-${code.slice(12)}`;
}

/** The marker's id is a hash of the receipt: the receipt finds the marker, the marker reveals nobody. */
export function markerIdOf(appraisalId: string, receipt: string): string {
  return createHash('sha256').update(`marker\u0000${appraisalId}\u0000${receipt}`).digest('hex').slice(0, 32);
}

export const voterBucketOf = (markerId: string): number => Number.parseInt(markerId.slice(0, 8), 16) % voterBuckets;

export const ballotBoxKeys = {
  marker: (appraisalId: string, markerId: string) => ({ pk: `V#${appraisalId}#${voterBucketOf(markerId)}`, sk: markerId }),
  counter: (appraisalId: string, shard: number) => ({ pk: `C#${appraisalId}#${shard}`, sk: 'COUNT' }),
  suggestionPartition: (appraisalId: string, shard: number) => `S#${appraisalId}#${shard}`,
};

/** Counter attribute of one answer: `<subject>/<option>`, e.g. `overall/satisfied`, `d2/dissatisfied`. */
export const counterAttribute = (subject: string, option: string): string => `${subject}/${option}`;

/** The key the receipts are computed under, derived from the personal-data key (one secret fewer to keep). */
export const receiptKeyOf = (personalDataKey: string): string => createHmac('sha256', personalDataKey).update('ballot-receipts-v1').digest('hex');
