// Bench: a national 会员评家 day (issue 18 point 6), simulated for one large city. Every grassroots union of the city
// holds its member appraisal on the same day; most members vote in a few evening hours. The city (8 million members
// by default, unions from 5 to 300,000 members) is modelled, a stratified sample of its unions gets real ballots in
// DynamoDB Local (its own, on port 8750), and the sample's votes are replayed in the order of a day's arrival curve
// through the real vote path (the handler's session check, then castBallot). A middleware on the document client
// records every request: the items and partition keys it wrote, and the capacity DynamoDB Local reports for it.
// From that: items, write units and read units per vote, DynamoDB Local's cost per item, and — scaled from each
// sample ballot to the union it stands for — the write units per second on the hottest partition key at the evening
// peak, against DynamoDB's limit of 1,000 write units per second per partition.
//
// Runnable alone: `npx tsx test/bench/national-day.ts`. Sizes: BENCH_NATIONAL_SCALE (default 1) multiplies the
// sample; BENCH_NATIONAL_CONCURRENCY (default 24) is the votes in flight.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '../../functions/storage/document-client';
import type { CastRequest } from '@shared/api/appraisal';
import { defaultAppraisalDimensions, type GradeOption } from '@shared/appraisal/ballot-kinds';
import type { Org } from '@shared/domain/org';
import { castBallot, myAppraisal, myAppraisals, openAppraisal, type AppraisalDeps } from '../../functions/appraisal/appraisals';
import { appraisalItem } from '../../functions/appraisal/appraisal-store';
import type { AppraisalRecord } from '../../functions/appraisal/appraisal-record';
import { placeMarkers } from '../../functions/appraisal/ballot-box';
import { ballotBoxKeys, counterShards, markerIdOf, receiptKeyOf, receiptOf } from '../../functions/appraisal/ballot-box-keys';
import { driveOpening, openingProgress } from '../../functions/appraisal/opening';
import { requireCurrentMember, type Session } from '../../functions/auth/session-token';
import { grantKey } from '../../functions/notify/subscriptions';
import { orgIndexes, roleItem } from '../../functions/orgs/org-items';
import { rosterIndexKeys } from '../../functions/roster/roster-store';
import { createDocumentClient } from '../../functions/storage/dynamo';
import { dynamoDirectory } from '../../functions/storage/dynamo-directory';
import { keys } from '../../functions/storage/keys';
import { startDynamoDbLocal } from '../../scripts/local/dynamodb-local';
import { ensureBallotBox, ensureTable } from '../../scripts/local/table';
import { runningClock } from '../support/running-clock';
import type { Figure } from './run';

const port = Number(process.env.BENCH_NATIONAL_DYNAMODB_PORT ?? 8750);
const SCALE = Number(process.env.BENCH_NATIONAL_SCALE ?? 1);
const CONCURRENCY = Number(process.env.BENCH_NATIONAL_CONCURRENCY ?? 24);

/** The country (ACFTU figures) and the city simulated. */
const NATION = { members: 300_000_000, unions: 2_800_000 };
const CITY = {
  members: 8_000_000,
  /** The largest unions of a city of this size (a few enterprises of 30,000–300,000 workers), given outright. */
  giants: [300_000, 150_000, 100_000, 80_000, 60_000, 50_000, 40_000, 40_000, 30_000, 30_000],
  /** The rest: log-normal sizes (median 25 members), at least 5 (the ballot floor), at most 20,000. */
  medianSize: 25,
  sigma: 1.6,
  turnout: 0.9,
};
/** Sample: every giant, and this many other unions chosen at random. */
const SAMPLE_OTHERS = Math.round(90 * SCALE);
/** A sample ballot's electorate: 1.2·√(real size), at least 5, at most the real size. */
const sampleSizeOf = (real: number): number => Math.min(real, Math.max(5, Math.round(1.2 * Math.sqrt(real) * SCALE)));
/** One vote in ten carries a suggestion; one member in 50 taps twice (answered 「您已投票」). */
const SUGGESTION_EVERY = 10;
const REPEAT_EVERY = 50;
const SUGGESTION = '希望工会多组织职工文体活动，完善职工之家的阵地建设，加强困难职工帮扶，及时公开经费使用情况，让会员看得见、摸得着，也希望多听取一线职工的意见。';

/**
 * The day's arrival curve, Beijing time: share of the day's votes per hour from 08:00 to 24:00 (an estimate — no
 * national appraisal has been run on one day; shaped like mobile traffic of a workday evening: a lunch bump, most
 * votes 19:00–22:00), plus a reminder pushed in the unions' WeChat groups at 20:00 that brings 2% of the day's votes
 * in the ten minutes after it.
 */
const HOURLY_SHARE: Record<number, number> = { 8: 3, 9: 3, 10: 2, 11: 2, 12: 5, 13: 3, 14: 2, 15: 2, 16: 2, 17: 3, 18: 6, 19: 15, 20: 22, 21: 18, 22: 9, 23: 3 };
const FIRST_HOUR = 8;
const MINUTES = 16 * 60;
const REMINDER = { minute: (20 - FIRST_HOUR) * 60, minutes: 10, share: 0.02 };
/** DynamoDB's documented limit per partition (each physical partition; a partition key never spans two). */
const PARTITION_WCU = 1000;

// ---------------------------------------------------------------------------------------------------------------
// The model: a seeded generator, the city's unions, the sample, the arrival curve

function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** The city's union sizes, largest first: the giants, then log-normal unions until the members are all placed. */
function cityUnions(random: () => number): number[] {
  const sizes = [...CITY.giants];
  let total = sizes.reduce((a, b) => a + b, 0);
  while (total < CITY.members) {
    const size = Math.min(20_000, Math.max(5, Math.round(CITY.medianSize * Math.exp(CITY.sigma * normal(random)))));
    sizes.push(size);
    total += size;
  }
  return sizes.sort((a, b) => b - a);
}

interface SampleBallot {
  index: number;
  /** The union it stands for, and how many unions of the city it represents. */
  realSize: number;
  represents: number;
  size: number;
  appraisalId: string;
  orgId: string;
}

/** Minute weights of the day (sum 1): hourly shares interpolated linearly between hour centres, plus the reminder. */
function arrivalCurve(): number[] {
  const hours = Array.from({ length: 16 }, (_, h) => HOURLY_SHARE[FIRST_HOUR + h] ?? 0);
  const weights = Array.from({ length: MINUTES }, (_, m) => {
    const at = m / 60 - 0.5;
    const h = Math.max(0, Math.min(15, Math.floor(at)));
    const next = Math.min(15, h + 1);
    const f = Math.max(0, Math.min(1, at - h));
    return (hours[h] as number) * (1 - f) + (hours[next] as number) * f;
  });
  // Rescale so that each hour keeps its share, then add the reminder.
  for (let h = 0; h < 16; h += 1) {
    const slice = weights.slice(h * 60, (h + 1) * 60);
    const sum = slice.reduce((a, b) => a + b, 0);
    for (let m = 0; m < 60; m += 1) weights[h * 60 + m] = sum > 0 ? (((hours[h] as number) / 100) * (1 - REMINDER.share) * (slice[m] as number)) / sum : 0;
  }
  for (let m = 0; m < REMINDER.minutes; m += 1) weights[REMINDER.minute + m] = (weights[REMINDER.minute + m] as number) + REMINDER.share / REMINDER.minutes;
  return weights;
}

function minuteOf(cumulative: readonly number[], u: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cumulative[mid] as number) < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const clock = (minute: number): string => `${String(FIRST_HOUR + Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

// ---------------------------------------------------------------------------------------------------------------
// Counting what each request writes and reads, by phase and by partition key

interface Context {
  phase: 'fixture' | 'opening' | 'pages' | 'vote';
  minute?: number;
  ballot?: number;
}

/** What the votes wrote on one partition key. */
interface KeyLoad {
  table: string;
  ballot: number | undefined;
  writes: number;
  wru: number;
}

interface PhaseTotals {
  requests: Map<string, number>;
  /** Transactions refused (a repeat's condition): no units booked. */
  cancelled: number;
  itemsWritten: number;
  /** Write units as DynamoDB bills them (transactions: 2 per item per KB, see countCapacity). */
  wru: number;
  /** Write units DynamoDB Local reported for the same requests. */
  localWru: number;
  rru: number;
  /** Write units by table (index units included) and index units alone. */
  wruByTable: Map<string, number>;
  gsiWru: number;
}

const context = new AsyncLocalStorage<Context>();

const stringOf = (value: unknown): string | undefined => {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'S' in value && typeof (value as { S: unknown }).S === 'string') return (value as { S: string }).S;
  return undefined;
};

/** The bytes DynamoDB bills an item by, roughly: names and values (UTF-8), numbers as their digits, booleans 1. */
function itemBytes(item: Record<string, unknown>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) bytes += Buffer.byteLength(name) + valueBytes(value);
  return bytes;
}
function valueBytes(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number') return String(value).length;
  if (typeof value === 'boolean' || value === null) return 1;
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, v) => sum + 1 + valueBytes(v), 0);
  if (value && typeof value === 'object') return 3 + itemBytes(value as Record<string, unknown>);
  return 0;
}

type Written = { table: string; pk: string; put?: Record<string, unknown> };

/** The items one write request touches (table, partition key, and the item itself when it is a put). */
function writtenBy(command: string, input: Record<string, unknown>): Written[] {
  const table = String(input.TableName ?? '');
  const pkOf = (key: unknown) => stringOf((key as Record<string, unknown> | undefined)?.pk) ?? '?';
  if (command === 'PutItemCommand') return [{ table, pk: pkOf(input.Item), put: input.Item as Record<string, unknown> }];
  if (command === 'UpdateItemCommand' || command === 'DeleteItemCommand') return [{ table, pk: pkOf(input.Key) }];
  if (command === 'TransactWriteItemsCommand') {
    return ((input.TransactItems ?? []) as Record<string, Record<string, unknown> | undefined>[]).flatMap((t): Written[] => {
      if (t.Put) return [{ table: String(t.Put.TableName), pk: pkOf(t.Put.Item), put: t.Put.Item as Record<string, unknown> }];
      const op = t.Update ?? t.Delete;
      return op ? [{ table: String(op.TableName), pk: pkOf(op.Key) }] : [];
    });
  }
  if (command === 'BatchWriteItemCommand') {
    return Object.entries((input.RequestItems ?? {}) as Record<string, Record<string, Record<string, unknown>>[]>).flatMap(([name, requests]) =>
      requests.map((r): Written => ({ table: name, pk: pkOf(r.PutRequest?.Item ?? r.DeleteRequest?.Key), ...(r.PutRequest ? { put: r.PutRequest.Item as Record<string, unknown> } : {}) })),
    );
  }
  return [];
}

interface Capacity {
  TableName?: string;
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
  Table?: { CapacityUnits?: number };
  GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>;
}

const writeCommands = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'TransactWriteItemsCommand', 'BatchWriteItemCommand']);

/**
 * Asks DynamoDB Local for the capacity of every request (ReturnConsumedCapacity: INDEXES) and books it to the phase
 * of the caller and, for the votes' writes, to each partition key. Reads and plain writes are booked as DynamoDB
 * Local reports them (½ unit per 4 KB read eventually consistent, 1 strongly; 1 unit per KB written, GSI writes
 * apart) — the units AWS documents. Transactions are not: DynamoDB Local reports 2 units for a transaction of two
 * small items, where AWS bills 2 write units per item of up to 1 KB ("Transactional write requests require two
 * WCUs … for items up to 1 KB"), so a transaction is booked at 2 units per KB of each put (its size counted) and 2
 * per updated item (the vote path's markers and counter shards are checked to stay under 1 KB).
 */
function countCapacity(db: DynamoDBDocumentClient, phases: Map<string, PhaseTotals>, keyLoads: Map<string, KeyLoad>, minuteLoads: Map<string, Map<number, number>>): void {
  db.intercept(async (request, next) => {
    const command = `${request.operation}Command`;
    const input = request.input;
    input.ReturnConsumedCapacity = 'INDEXES';
    const here = context.getStore();
    const totals = here ? (phases.get(here.phase) ?? { requests: new Map<string, number>(), cancelled: 0, itemsWritten: 0, wru: 0, localWru: 0, rru: 0, wruByTable: new Map<string, number>(), gsiWru: 0 }) : undefined;
    if (here && totals) {
      phases.set(here.phase, totals);
      totals.requests.set(command, (totals.requests.get(command) ?? 0) + 1);
    }
    let out: Record<string, unknown>;
    try {
      out = await next();
    } catch (error) {
      if (totals && error instanceof Error && error.name === 'TransactionCanceledException') totals.cancelled += 1;
      throw error;
    }
    if (!here || !totals) return out;
    const raw = (out as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity;
    const capacities = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    if (!writeCommands.has(command)) {
      for (const c of capacities) totals.rru += c.CapacityUnits ?? 0;
      return out;
    }
    const written = writtenBy(command, input);
    totals.itemsWritten += written.length;
    const transaction = command === 'TransactWriteItemsCommand';
    const sizeUnits = (w: Written, perKb: number) => (w.put ? perKb * Math.max(1, Math.ceil(itemBytes(w.put) / 1024)) : undefined);
    // Units by table: billed ones for a transaction, reported ones otherwise; each item's share of them.
    const units = new Map<string, number>();
    const shares: number[] = [];
    if (transaction) {
      written.forEach((w) => {
        const u = sizeUnits(w, 2) ?? 2;
        shares.push(u);
        units.set(w.table, (units.get(w.table) ?? 0) + u);
      });
    } else {
      for (const c of capacities) {
        units.set(String(c.TableName), c.CapacityUnits ?? 0);
        totals.gsiWru += Object.values(c.GlobalSecondaryIndexes ?? {}).reduce((sum, g) => sum + (g.CapacityUnits ?? 0), 0);
      }
      for (const w of written) shares.push(sizeUnits(w, 1) ?? 1);
    }
    for (const c of capacities) totals.localWru += c.CapacityUnits ?? 0;
    for (const [table, u] of units) {
      totals.wru += u;
      totals.wruByTable.set(table, (totals.wruByTable.get(table) ?? 0) + u);
    }
    if (here.phase !== 'vote' || here.minute === undefined) return out;
    written.forEach((w, i) => {
      const load = keyLoads.get(w.pk) ?? { table: w.table, ballot: here.ballot, writes: 0, wru: 0 };
      keyLoads.set(w.pk, load);
      load.writes += 1;
      load.wru += shares[i] ?? 0;
      const perMinute = minuteLoads.get(w.pk) ?? new Map<number, number>();
      minuteLoads.set(w.pk, perMinute);
      perMinute.set(here.minute as number, (perMinute.get(here.minute as number) ?? 0) + 1);
    });
    return out;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Fixture: members, ready ballots with their markers (the real placeMarkers), and two ballots opened for real

type Item = Record<string, unknown>;

async function putAll(db: DynamoDBDocumentClient, table: string, items: readonly Item[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next;
      next += 25;
      let pending = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
      while (pending.length > 0) {
        const out = await db.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
        pending = (out.UnprocessedItems?.[table] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

const memberIdOf = (orgId: string, n: number): string => `${orgId}-m${String(n).padStart(6, '0')}`;
const sessionOf = (memberId: string): Session => ({ memberId, openid: `bench:${memberId}` });

function memberItem(orgId: string, n: number): Item {
  const memberId = memberIdOf(orgId, n);
  const name = `会员${n}`;
  return { ...keys.member(memberId), entity: 'member', memberId, name, orgId, status: 'active', joinedOn: '2020-01-01', ...rosterIndexKeys(orgId, name, memberId) };
}

const cityId = 'nd-city';
const districtId = 'nd-district';
const at = new Date('2026-01-01T00:00:00.000Z');
/** The simulated day's product clock: a weekday evening (Thursday 19 November 2026, 20:00 in Beijing), whatever the real date. */
const dayOfVoting = '2026-11-19T20:00:00+08:00';
const orgItemOf = (org: Org): Item => ({ ...keys.org(org.orgId), entity: 'org', ...org, ...orgIndexes(org), createdAt: at.toISOString() });
const city: Org = { orgId: cityId, name: '模拟市总工会', level: 'city', kind: 'federation', path: `/${cityId}` };
const district: Org = { orgId: districtId, name: '模拟区总工会', level: 'district', kind: 'federation', parentId: cityId, path: `/${cityId}/${districtId}` };
const unionOf = (orgId: string, name: string): Org => ({ orgId, name, level: 'grassroots', kind: 'enterprise', ownership: 'nonPublic', parentId: districtId, path: `${district.path}/${orgId}` });

/** A ready 会员评家 ballot of `size` members, open from an hour ago for a day, and its markers. */
async function readyBallot(deps: AppraisalDeps, orgId: string, size: number): Promise<string> {
  const appraisalId = `ap-${randomUUID().replace(/-/g, '').slice(0, 20)}`;
  const now = deps.now().getTime();
  const record: AppraisalRecord = {
    appraisalId,
    kind: 'memberAppraisal',
    year: 2026,
    rulesetId: 'acftu-2020',
    title: '2026 年度会员评家',
    orgId,
    orgName: `模拟工会 ${orgId}`,
    orgPath: `${district.path}/${orgId}`,
    unionId: orgId,
    electorate: 'members',
    dimensions: [...defaultAppraisalDimensions],
    candidates: [],
    opensAt: new Date(now - 3600_000).toISOString(),
    closesAt: new Date(now + 86400_000).toISOString(),
    minGroupSize: 5,
    eligible: size,
    stage: 'ready',
    openedBy: memberIdOf(orgId, 1),
    requestId: randomUUID(),
  };
  await deps.db.send(new PutCommand({ TableName: deps.table, Item: appraisalItem(record) }));
  const receipts = Array.from({ length: size }, (_, i) => receiptOf(deps.receiptKey, appraisalId, memberIdOf(orgId, i + 1)));
  await placeMarkers(deps.box, appraisalId, receipts);
  return appraisalId;
}

function optionOf(n: number, question: number): GradeOption {
  const r = (n * 7 + question * 3) % 10;
  return r < 8 ? 'satisfied' : r < 9 ? 'basicallySatisfied' : 'dissatisfied';
}
const ballotOf = (n: number): CastRequest => ({
  overall: optionOf(n, 0),
  dimensions: defaultAppraisalDimensions.map((_, i) => optionOf(n, i + 1)),
  ...(n % SUGGESTION_EVERY === 0 ? { suggestion: SUGGESTION } : {}),
});

/** Opens a union's ballot through openAppraisal and drives it (markers, electorate, notices) to its end. */
async function openForReal(deps: AppraisalDeps, orgId: string, members: number, grantEvery: number): Promise<string> {
  const union = unionOf(orgId, `实开工会 ${orgId}`);
  const chair = memberIdOf(orgId, 1);
  const items: Item[] = [orgItemOf(union), roleItem({ memberId: chair, orgId, role: 'chair' }, 'bench', at)];
  for (let n = 1; n <= members; n += 1) {
    items.push(memberItem(orgId, n));
    if (n % grantEvery === 0) items.push({ ...grantKey(memberIdOf(orgId, n), 'appraisal.opened'), entity: 'subscription', remaining: 1 });
  }
  await putAll(deps.db, deps.table, items);
  const now = deps.now();
  const view = await context.run({ phase: 'opening' }, () =>
    openAppraisal(deps, sessionOf(chair), orgId, {
      requestId: randomUUID(),
      kind: 'memberAppraisal',
      rulesetId: 'acftu-2020',
      electorate: 'members',
      opensAt: new Date(now.getTime()).toISOString(),
      closesAt: new Date(now.getTime() + 86400_000).toISOString(),
      minGroupSize: 10,
    }),
  );
  await context.run({ phase: 'opening' }, async () => {
    for (let drives = 0; drives < 1000; drives += 1) {
      const progress = await openingProgress(deps, view.appraisalId);
      if (!progress || progress.phase === 'done' || progress.phase === 'cancelled') break;
      await driveOpening(deps, view.appraisalId, { ms: 60_000 });
    }
  });
  return view.appraisalId;
}

// ---------------------------------------------------------------------------------------------------------------

interface Vote {
  ballot: SampleBallot;
  n: number;
  minute: number;
  order: number;
  repeat: boolean;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}
const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

export async function benchNationalDay(): Promise<Figure[]> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const random = generator(20261207);
  const unions = cityUnions(random);
  const giants = CITY.giants.length;
  const others = unions.slice(giants);
  // A stratified sample: the giants, and others drawn at random (each then stands for others.length / drawn unions).
  const drawn = new Set<number>();
  while (drawn.size < Math.min(SAMPLE_OTHERS, others.length)) drawn.add(Math.floor(random() * others.length));
  const perOther = others.length / drawn.size;
  const plan = [
    ...unions.slice(0, giants).map((realSize) => ({ realSize, represents: 1 })),
    ...[...drawn].sort((a, b) => a - b).map((i) => ({ realSize: others[i] as number, represents: perOther })),
  ];

  const dynamodb = await startDynamoDbLocal({ port, quiet: true, heapMb: 1536 });
  const phases = new Map<string, PhaseTotals>();
  const keyLoads = new Map<string, KeyLoad>();
  const minuteLoads = new Map<string, Map<number, number>>();
  try {
    const table = `bench-national-${randomUUID().slice(0, 8)}`;
    const boxTable = `${table}-ballot-box`;
    const raw = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: 'cn-north-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await ensureTable(raw, table);
    await ensureBallotBox(raw, boxTable);
    raw.destroy();
    const db = createDocumentClient(dynamodb.endpoint);
    countCapacity(db, phases, keyLoads, minuteLoads);
    const directory = dynamoDirectory(db, table);
    const deps: AppraisalDeps = { db, table, box: { db, table: boxTable }, directory, receiptKey: receiptKeyOf('bench-national-personal-data-key'), now: runningClock(dayOfVoting) };

    // 1. Fixture: the federation, the sample's members and ballots (markers by the real placeMarkers).
    const fixtureStarted = performance.now();
    await putAll(db, table, [orgItemOf(city), orgItemOf(district)]);
    const ballots: SampleBallot[] = [];
    const memberItems: Item[] = [];
    plan.forEach((p, index) => {
      const size = sampleSizeOf(p.realSize);
      const orgId = `nd-u${String(index).padStart(4, '0')}`;
      ballots.push({ index, realSize: p.realSize, represents: p.represents, size, appraisalId: '', orgId });
      for (let n = 1; n <= size; n += 1) memberItems.push(memberItem(orgId, n));
    });
    await context.run({ phase: 'fixture' }, () => putAll(db, table, memberItems));
    let nextBallot = 0;
    await context.run({ phase: 'fixture' }, () =>
      Promise.all(
        Array.from({ length: 4 }, async () => {
          while (nextBallot < ballots.length) {
            const b = ballots[nextBallot++] as SampleBallot;
            b.appraisalId = await readyBallot(deps, b.orgId, b.size);
          }
        }),
      ),
    );
    const fixtureMs = performance.now() - fixtureStarted;

    // 2. Two ballots opened for real: what an opening writes per member (markers, names, inbox, WeChat outbox).
    const opened = [
      { orgId: 'nd-open-a', members: 150 },
      { orgId: 'nd-open-b', members: 300 },
    ];
    const openingStarted = performance.now();
    const openedIds: string[] = [];
    for (const o of opened) openedIds.push(await openForReal(deps, o.orgId, o.members, 3));
    const openingMs = performance.now() - openingStarted;
    const openedMembers = opened.reduce((sum, o) => sum + o.members, 0);

    // 3. A member's pages before voting (我的评议, then the ballot), each behind the handler's session check.
    const pageVoters = opened.flatMap((o, i) => Array.from({ length: Math.floor(o.members / 2) }, (_, k) => ({ orgId: o.orgId, n: k + 1, appraisalId: openedIds[i] as string })));
    await context.run({ phase: 'pages' }, async () => {
      for (const v of pageVoters) {
        const session = sessionOf(memberIdOf(v.orgId, v.n));
        await requireCurrentMember(directory, session);
        await myAppraisals(deps, session);
        await requireCurrentMember(directory, session);
        await myAppraisal(deps, session, v.appraisalId);
      }
    });

    // 4. The votes of the day, in the order the arrival curve gives them.
    const curve = arrivalCurve();
    const cumulative: number[] = [];
    curve.reduce((sum, w, i) => (cumulative[i] = sum + w), 0);
    const votes: Vote[] = [];
    for (const b of ballots) {
      const voters = Math.max(1, Math.round(b.size * CITY.turnout));
      for (let n = 1; n <= voters; n += 1) {
        const minute = minuteOf(cumulative, random() * (cumulative[cumulative.length - 1] as number));
        votes.push({ ballot: b, n, minute, order: random(), repeat: false });
        if (n % REPEAT_EVERY === 0) votes.push({ ballot: b, n, minute: Math.min(MINUTES - 1, minute + 1), order: random(), repeat: true });
      }
    }
    votes.sort((a, b) => a.minute - b.minute || a.order - b.order);

    const latencies: number[] = [];
    const outcomes = { counted: 0, alreadyVoted: 0 };
    let next = 0;
    const replayStarted = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < votes.length) {
          const v = votes[next++] as Vote;
          const session = sessionOf(memberIdOf(v.ballot.orgId, v.n));
          const t0 = performance.now();
          const answer = await context.run({ phase: 'vote', minute: v.minute, ballot: v.ballot.index }, async () => {
            await requireCurrentMember(directory, session);
            return castBallot(deps, session, v.ballot.appraisalId, ballotOf(v.n));
          });
          latencies.push(performance.now() - t0);
          outcomes[answer.body.status === 'counted' ? 'counted' : 'alreadyVoted'] += 1;
        }
      }),
    );
    const replayMs = performance.now() - replayStarted;

    // The largest items a vote updates: the counter shards and markers of the largest ballot (≤ 1 KB: 2 units each).
    const largest = ballots[0] as SampleBallot;
    const shardItems = await Promise.all(
      Array.from({ length: counterShards }, (_, shard) => db.send(new GetCommand({ TableName: boxTable, Key: ballotBoxKeys.counter(largest.appraisalId, shard) }))),
    );
    const counterBytes = Math.max(...shardItems.map((o) => (o.Item ? itemBytes(o.Item) : 0)));
    const marker = await db.send(
      new GetCommand({ TableName: boxTable, Key: ballotBoxKeys.marker(largest.appraisalId, markerIdOf(largest.appraisalId, receiptOf(deps.receiptKey, largest.appraisalId, memberIdOf(largest.orgId, 1)))) }),
    );
    const markerBytes = marker.Item ? itemBytes(marker.Item) : 0;
    db.destroy();

    // ----- Figures -----
    const vote = phases.get('vote') as PhaseTotals;
    const opening = phases.get('opening') as PhaseTotals;
    const pages = phases.get('pages') as PhaseTotals;
    const transactions = vote.requests.get('TransactWriteItemsCommand') ?? 0;
    const counted = outcomes.counted;
    const suggestions = votes.filter((v) => !v.repeat && v.n % SUGGESTION_EVERY === 0).length;

    // The city's votes per minute, from the sample: each sample vote weighs (real size / sample size) × unions represented.
    const weightOf = (b: SampleBallot) => (b.realSize / b.size) * b.represents;
    const cityPerMinute = new Array<number>(MINUTES).fill(0);
    for (const v of votes) if (!v.repeat) cityPerMinute[v.minute] = (cityPerMinute[v.minute] as number) + weightOf(v.ballot);
    const cityVotes = cityPerMinute.reduce((a, b) => a + b, 0);
    // Busiest ten minutes of the replay, scaled (a single minute of a few hundred sample votes is too noisy).
    let busiest = { minute: 0, votes: 0 };
    for (let m = 0; m + 10 <= MINUTES; m += 1) {
      const sum = cityPerMinute.slice(m, m + 10).reduce((a, b) => a + b, 0);
      if (sum > busiest.votes) busiest = { minute: m, votes: sum };
    }
    const peakShare = Math.max(...curve);
    const cityPeak = (CITY.members * CITY.turnout * peakShare) / 60;
    const evening = curve.slice((19 - FIRST_HOUR) * 60, (22 - FIRST_HOUR) * 60).reduce((a, b) => a + b, 0);

    // Hot keys: each key the votes wrote, its share of its ballot's votes, times that ballot's real votes per second
    // at the peak minute of the curve, times the write units it took per write.
    const votesOf = new Map<number, number>();
    for (const v of votes) if (!v.repeat) votesOf.set(v.ballot.index, (votesOf.get(v.ballot.index) ?? 0) + 1);
    let hottest = { pk: '', wcu: 0, share: 0, realSize: 0 };
    let keysWritten = 0;
    for (const [pk, load] of keyLoads) {
      keysWritten += 1;
      if (load.ballot === undefined) continue;
      const b = ballots[load.ballot] as SampleBallot;
      const share = load.writes / (votesOf.get(b.index) ?? 1);
      const wcu = share * ((b.realSize * CITY.turnout * peakShare) / 60) * (load.wru / load.writes);
      if (wcu > hottest.wcu) hottest = { pk, wcu, share, realSize: b.realSize };
    }
    // Observed, unscaled: the most writes one key took in one simulated minute.
    let busiestKeyMinute = { pk: '', writes: 0, minute: 0 };
    for (const [pk, perMinute] of minuteLoads) for (const [minute, writes] of perMinute) if (writes > busiestKeyMinute.writes) busiestKeyMinute = { pk, writes, minute };
    const kind = (pk: string) => (pk.startsWith('V#') ? 'marker bucket' : pk.startsWith('C#') ? 'counter shard' : pk.startsWith('S#') ? 'suggestion shard' : (pk.split('#')[0] ?? pk));
    const keysOfLargest = [...keyLoads.entries()].filter(([, l]) => l.ballot === largest.index).map(([pk]) => pk);
    const suggestionUnits = suggestionExtra(keyLoads);
    const boxWru = vote.wruByTable.get(boxTable) ?? 0;
    const perMember = (units: number) => round(units / openedMembers, 2);

    const figures: Figure[] = [
      { label: `city modelled: members (${unions.length} unions, largest ${unions[0]})`, value: unions.reduce((a, b) => a + b, 0), unit: 'members' },
      { label: `sample: ballots (${giants} largest unions + ${drawn.size} drawn at random)`, value: ballots.length, unit: 'ballots' },
      { label: 'sample: members on the ballots', value: ballots.reduce((s, b) => s + b.size, 0), unit: 'members' },
      { label: 'fixture: members, ballots and markers written', value: Math.round(fixtureMs), unit: 'ms' },
      { label: 'curve: share of the day\'s votes cast 19:00–22:00', value: round(evening * 100, 1), unit: '%' },
      { label: `curve: peak minute (${clock(curve.indexOf(peakShare))}) share of the day's votes`, value: round(peakShare * 100, 3), unit: '%' },
      { label: 'replay: votes replayed in arrival order (incl. repeats)', value: votes.length, unit: 'votes' },
      { label: 'replay: counted', value: counted, unit: 'votes' },
      { label: 'replay: repeats answered 「您已投票」', value: outcomes.alreadyVoted, unit: 'votes' },
      { label: `replay: wall time at concurrency ${CONCURRENCY}`, value: Math.round(replayMs), unit: 'ms' },
      { label: 'replay: votes/s on DynamoDB Local (session check + castBallot)', value: Math.round((votes.length * 1000) / replayMs), unit: 'votes/s' },
      { label: 'replay: the 16-hour day compressed by', value: Math.round((MINUTES * 60_000) / replayMs), unit: '×' },
      { label: 'replay: median latency of one vote', value: round(percentile(latencies, 50), 1), unit: 'ms' },
      { label: 'replay: p95 latency of one vote', value: round(percentile(latencies, 95), 1), unit: 'ms' },
      { label: 'DynamoDB Local: items written per second on the vote path', value: Math.round((vote.itemsWritten * 1000) / replayMs), unit: 'items/s' },
      { label: 'DynamoDB Local: cost per item written (wall ms × concurrency / items)', value: round((replayMs * CONCURRENCY) / Math.max(1, vote.itemsWritten), 2), unit: 'ms' },
      { label: 'per vote: TransactWriteItems sent (above 1: conflict retries, repeats)', value: round(transactions / Math.max(1, votes.length), 3), unit: 'requests' },
      { label: 'replay: transactions refused (repeats: marker already voted)', value: vote.cancelled, unit: 'requests' },
      { label: 'per counted vote: items written', value: round(vote.itemsWritten / counted, 3), unit: 'items' },
      { label: 'per counted vote: write units, AWS billing (2 per item ≤ 1 KB)', value: round(boxWru / counted, 3), unit: 'WRU' },
      { label: '  DynamoDB Local reports for the same transactions', value: round(vote.localWru / counted, 3), unit: 'WRU' },
      { label: '  without a suggestion', value: round((boxWru - suggestions * suggestionUnits) / counted, 3), unit: 'WRU' },
      { label: `  a suggestion (${SUGGESTION.length} characters) adds`, value: round(suggestionUnits, 2), unit: 'WRU' },
      { label: '  main table written by a vote', value: round((vote.wruByTable.get(table) ?? 0) / counted, 3), unit: 'WRU' },
      { label: 'largest counter shard item (≤ 1,024 bytes: 2 WRU in a transaction)', value: counterBytes, unit: 'bytes' },
      { label: 'marker item', value: markerBytes, unit: 'bytes' },
      { label: 'per vote request: read units (session check; ballot definition cached 30 s)', value: round(vote.rru / votes.length, 3), unit: 'RRU' },
      { label: 'pages 我的评议 + 投票 per member (each with its session check): read units', value: round(pages.rru / pageVoters.length, 3), unit: 'RRU' },
      { label: 'opening, per member: items written', value: perMember(opening.itemsWritten), unit: 'items' },
      { label: 'opening, per member: write units (GSIs included)', value: perMember(opening.wru), unit: 'WRU' },
      { label: '  of which GSI write units', value: perMember(opening.gsiWru), unit: 'WRU' },
      { label: 'opening, per member: read units', value: perMember(opening.rru), unit: 'RRU' },
      { label: `opening ${openedMembers} members for real (1 in 3 holds a WeChat grant)`, value: Math.round(openingMs), unit: 'ms' },
      { label: `partition keys the votes wrote (${ballots.length} ballots)`, value: keysWritten, unit: 'keys' },
      { label: `largest ballot's stand-in (${votesOf.get(largest.index) ?? 0} votes for ${largest.realSize} members): keys written`, value: keysOfLargest.length, unit: 'keys' },
      ...(['marker bucket', 'counter shard', 'suggestion shard'] as const).map((k) => ({ label: `  of which ${k}s`, value: keysOfLargest.filter((pk) => kind(pk) === k).length, unit: 'keys' })),
      { label: 'city: votes of the day, scaled from the sample', value: Math.round(cityVotes), unit: 'votes' },
      { label: `city peak minute by the curve (${CITY.members / 1e6} M members × ${CITY.turnout} turnout)`, value: Math.round(cityPeak), unit: 'votes/s' },
      { label: `city: busiest 10 minutes of the replay (${clock(busiest.minute)}), scaled`, value: Math.round(busiest.votes / 600), unit: 'votes/s' },
      // The few drawn unions of a heavy-tailed city weigh a lot each: the scaled day is off by the draw; normalised here.
      { label: '  the same, normalised to the city\'s votes of the day', value: Math.round(((busiest.votes / 600) * CITY.members * CITY.turnout) / cityVotes), unit: 'votes/s' },
      { label: `nation at the same curve (${NATION.members / 1e6} M members)`, value: Math.round((NATION.members * CITY.turnout * peakShare) / 60), unit: 'votes/s' },
      { label: `hottest key at the city peak: a ${kind(hottest.pk)} of the ${hottest.realSize}-member union`, value: round(hottest.wcu, 2), unit: 'WCU/s' },
      { label: "  its share of its ballot's writes (1/64 = 1.56 % expected for a shard)", value: round(hottest.share * 100, 2), unit: '%' },
      { label: `  against the ${PARTITION_WCU} WCU/s partition limit`, value: round(hottest.wcu / PARTITION_WCU, 5), unit: 'ratio' },
      { label: `busiest key-minute observed, unscaled (${kind(busiestKeyMinute.pk)} at ${clock(busiestKeyMinute.minute)})`, value: busiestKeyMinute.writes, unit: 'writes' },
      { label: `if one ballot took the whole city's peak: busiest counter shard (mean × 1.5)`, value: Math.round((cityPeak / counterShards) * 1.5 * 2), unit: 'WCU/s' },
      { label: `  the same against the ${PARTITION_WCU} WCU/s partition limit`, value: round(((cityPeak / counterShards) * 1.5 * 2) / PARTITION_WCU, 3), unit: 'ratio' },
    ];
    return figures;
  } finally {
    await dynamodb.stop();
  }
}

/** The extra write units a suggestion adds (its item, measured on the suggestion shards). */
function suggestionExtra(keyLoads: ReadonlyMap<string, KeyLoad>): number {
  let writes = 0;
  let wru = 0;
  for (const [pk, load] of keyLoads) {
    if (!pk.startsWith('S#')) continue;
    writes += load.writes;
    wru += load.wru;
  }
  return writes > 0 ? wru / writes : 0;
}

if (require.main === module) {
  benchNationalDay()
    .then((figures) => {
      for (const f of figures) process.stdout.write(`  ${f.label.padEnd(78)} ${String(f.value).padStart(12)} ${f.unit}\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    });
}
