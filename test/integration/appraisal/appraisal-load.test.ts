import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { ScanCommand } from '../../../functions/storage/document-client';
import { castBallot, openAppraisal, checkReceipt } from '../../../functions/appraisal/appraisals';
import { countBallots } from '../../../functions/appraisal/ballot-box';
import { sealAppraisal } from '../../../functions/appraisal/seal';
import { signSession } from '../../../functions/auth/session-token';
import { getResult } from '../../../functions/appraisal/appraisal-store';
import { systemNow } from '../../../functions/time/clock';
import type { CastRequest } from '../../../shared/api/appraisal';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { sessionSecret } from '../roster/roster-support';
import { annulEarlierBallots, appraisalDeps, appraisalRequest, createUnion, finishOpening, useAppraisalTables } from './appraisal-support';

// Thousands of transactions on DynamoDB Local, and a process killed and restarted.
jest.setTimeout(300_000);

let table: TestTable;
const clock = { now: systemNow() };
const deps = () => appraisalDeps(table, clock);
const session = (memberId: string) => ({ memberId, openid: `o-${memberId}` });
const ballot = (i: number): CastRequest => ({ overall: i % 10 === 0 ? 'dissatisfied' : 'satisfied', dimensions: ['satisfied', 'satisfied', 'basicallySatisfied', 'satisfied', 'satisfied'] });
let union: { chair: string; members: string[] };

beforeAll(async () => {
  table = await createTestTable({ seed: true });
  useAppraisalTables(table);
  union = await createUnion(table, 'gu-load', 1000);
});
// No drop: the file's own DynamoDB Local is in memory, and stopping it discards the tables.

/** Each test's own 会员评家 of gu-load: the earlier one is annulled first (one official ballot per org, kind and year). */
async function openFor(minutes = 60) {
  clock.now = systemNow();
  await annulEarlierBallots(deps(), 'gu-load');
  const view = await openAppraisal(deps(), session(union.chair), 'gu-load', appraisalRequest({ closesAt: new Date(systemNow().getTime() + minutes * 60_000).toISOString() }));
  // 1,000 voters: the opening may still be preparing when the request answers; it is driven to its end.
  await finishOpening(deps(), view.appraisalId);
  return view;
}

async function sealNow(appraisalId: string) {
  clock.now = new Date(systemNow().getTime() + 2 * 3600_000);
  expect(await sealAppraisal(deps(), appraisalId)).toBe('sealed');
  const result = await getResult(table.db, table.tableName, appraisalId);
  if (!result) throw new Error('no result');
  return result;
}

/** Runs `work` over `items` with `concurrency` workers. */
async function pool<T>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index] as T, index);
      }
    }),
  );
}

it('counts exactly 1,000 ballots when 1,000 members cast at once', async () => {
  const view = await openFor();
  expect(view.eligible).toBe(1000);
  const receipts = new Set<string>();
  await Promise.all(union.members.map(async (m, i) => receipts.add((await castBallot(deps(), session(m), view.appraisalId, ballot(i))).body.receipt)));
  expect(receipts.size).toBe(1000);
  expect(await countBallots(deps().box, view.appraisalId)).toBe(1000);
  const result = await sealNow(view.appraisalId);
  expect(result.ballots).toBe(1000);
  expect(result.overall?.counts).toEqual({ satisfied: 900, basicallySatisfied: 0, dissatisfied: 100 });
});

it('counts exactly one ballot when one member casts 200 times at once', async () => {
  const view = await openFor();
  const member = union.members[7] as string;
  const answers = await Promise.all(Array.from({ length: 200 }, () => castBallot(deps(), session(member), view.appraisalId, ballot(1))));
  expect(answers.filter((a) => a.body.status === 'counted')).toHaveLength(1);
  expect(answers.filter((a) => a.body.status === 'alreadyVoted')).toHaveLength(199);
  expect(new Set(answers.map((a) => a.body.receipt)).size).toBe(1);
  expect(await countBallots(deps().box, view.appraisalId)).toBe(1);
});

describe('the API process killed in the middle of a load', () => {
  const port = Number(process.env.TEST_CRASH_API_PORT ?? 8130);
  let server: ChildProcess | undefined;

  const startServer = async (): Promise<ChildProcess> => {
    // node itself with tsx's loader (not the tsx binary, which would leave its node child holding the port).
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(__dirname, '../../support/lambda-http-server.ts'), resolve(__dirname, '../../../functions/handlers/vote.ts'), String(port)], {
      env: { ...process.env, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((ready, fail) => {
      child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && ready());
      child.once('exit', (code) => fail(new Error(`server exited with ${code}`)));
    });
    return child;
  };
  afterAll(() => server?.kill('SIGKILL'));

  it('counts exactly the ballots it acknowledged, while clients retry through the restart', async () => {
    const view = await openFor();
    const voters = union.members.slice(0, 600);
    const tokens = await Promise.all(voters.map(async (m) => (await signSession(session(m), sessionSecret, 'local')).token));
    server = await startServer();

    const acknowledged = new Map<string, string>();
    const refusals = new Map<number, number>();
    let failures = 0;
    let restarts = 0;
    const giveUpAt = performance.now() + 120_000;
    const cast = async (memberIndex: number): Promise<void> => {
      while (performance.now() < giveUpAt) {
        try {
          const response = await fetch(`http://127.0.0.1:${port}/v1/appraisals/${view.appraisalId}/ballot`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[memberIndex]}` },
            body: JSON.stringify(ballot(memberIndex)),
            signal: AbortSignal.timeout(10_000),
          });
          if (response.status === 201 || response.status === 200) {
            acknowledged.set(voters[memberIndex] as string, ((await response.json()) as { receipt: string }).receipt);
            return;
          }
          refusals.set(response.status, (refusals.get(response.status) ?? 0) + 1);
          failures += 1;
        } catch {
          failures += 1;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const load = pool(voters, 24, (_m, i) => cast(i));
    // Kill it twice while the load runs, start it again after a pause each time.
    for (const after of [300, 600]) {
      await new Promise((r) => setTimeout(r, after));
      server.kill('SIGKILL');
      restarts += 1;
      await new Promise((r) => setTimeout(r, 400));
      server = await startServer();
    }
    await load;

    expect(restarts).toBe(2);
    // Only the transport failed: no request was refused by the API itself (a 5xx would be a crash mid-request).
    expect([...refusals.keys()].filter((status) => status < 500)).toEqual([]);
    expect(failures).toBeGreaterThan(0); // the kills did land in the middle of the load
    expect(acknowledged.size).toBe(voters.length);
    expect(await countBallots(deps().box, view.appraisalId)).toBe(acknowledged.size);
    const result = await sealNow(view.appraisalId);
    expect(result.ballots).toBe(acknowledged.size);
    // Every receipt handed out finds a counted ballot.
    for (const receipt of [...acknowledged.values()].slice(0, 50)) expect((await checkReceipt(deps(), view.appraisalId, receipt)).counted).toBe(true);
  });
});

it('leaves, after a whole ballot, no item in the dump of either table that links a member to a choice', async () => {
  const view = await openFor();
  await Promise.all(union.members.slice(0, 100).map((m, i) => castBallot(deps(), session(m), view.appraisalId, { ...ballot(i), suggestion: `第${i}条建议` })));
  await sealNow(view.appraisalId);
  const dump = async (tableName: string) => {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await table.db.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
      items.push(...((out.Items ?? []) as Record<string, unknown>[]));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  };
  const choiceWords = /satisfied|dissatisfied|basicallySatisfied|"yes"|"no"|abstain|建议/;
  const memberIds = /gu-load-m\d{5}/;
  for (const item of [...(await dump(table.tableName)), ...(await dump(table.ballotBoxTableName))]) {
    const text = JSON.stringify(item);
    // An item may name a member (the electorate, notices) or a choice (counters, the sealed result), never both.
    expect(memberIds.test(text) && choiceWords.test(text)).toBe(false);
  }
});
