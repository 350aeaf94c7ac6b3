// Bench: the yearly 复查 (issue 17 point 7) of 10,000 honours in one federation tree, run as the clock runs it
// (functions/honours/recheck-run.ts) against DynamoDB Local: how long it takes, per honour and per holder, and how many
// read requests it sends per holder and per honour. The fixture is written straight into the table in bulk (as
// test/support/campaign-scale.ts does for applications): 12 districts, grassroots unions holding 模范职工之家 — some
// twice (2021 and 2023) —, their chairs and vice-chairs holding 优秀工会工作者, sub-unions holding 模范职工小家, and for
// seven unions in ten a roster, three years of profiles, sealed 会员评家 and the chairs' 测评, so the re-check reads
// real figures (a few unions' dissatisfaction runs past 50% two years running: flagged, their district's reviewer told).
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '../../functions/storage/document-client';
import type { Org } from '@shared/domain/org';
import type { EvaluationGrade } from '@shared/rules/facts';
import { titleLabels, type TitleCode } from '@shared/rules/titles';
import { appraisalKeys } from '../../functions/appraisal/appraisal-store';
import { recheckTree, type RecheckDeps } from '../../functions/honours/recheck-run';
import { registerAttributes } from '../../functions/honours/register-items';
import { orgIndexes, roleItem } from '../../functions/orgs/org-items';
import { rosterIndexKeys } from '../../functions/roster/roster-store';
import { createDocumentClient } from '../../functions/storage/dynamo';
import { dynamoDirectory } from '../../functions/storage/dynamo-directory';
import { keys } from '../../functions/storage/keys';
import { startDynamoDbLocal } from '../../scripts/local/dynamodb-local';
import { ensureTable } from '../../scripts/local/table';
import type { Figure } from './run';

const HONOURS = 10_000;
const DISTRICTS = 12;
const ROSTER = 8;
const YEAR = 2026;
const port = Number(process.env.BENCH_RECHECK_DYNAMODB_PORT ?? 8460);
const rootId = 'bench-city';
const rootPath = `/${rootId}`;
const rulesetId = 'beijing-2021';
// The names the middleware sees are the low-level client's, also for the DocumentClient's commands.
const readCommands = new Set(['GetItemCommand', 'QueryCommand', 'BatchGetItemCommand', 'ScanCommand', 'TransactGetItemsCommand']);

type Item = Record<string, unknown>;

interface Fixture {
  items: Item[];
  honours: number;
  /** Distinct holders: an org for a union's or a 小家's title, a member for a person's. */
  holders: number;
  unions: number;
}

/** The tree, its records and 10,000 honours, deterministic (no randomness: the same figures run after run). */
function fixture(): Fixture {
  const items: Item[] = [];
  const at = new Date('2026-01-01T00:00:00.000Z');
  const putOrg = (org: Org) => items.push({ ...keys.org(org.orgId), entity: 'org', ...org, ...orgIndexes(org), createdAt: at.toISOString() });
  const city: Org = { orgId: rootId, name: '基准市总工会', level: 'city', kind: 'federation', path: rootPath };
  putOrg(city);
  const districts = Array.from({ length: DISTRICTS }, (_, d): Org => ({ orgId: `bd-${d + 1}`, name: `基准第${d + 1}区总工会`, level: 'district', kind: 'federation', parentId: rootId, path: `${rootPath}/bd-${d + 1}` }));
  for (const district of districts) {
    putOrg(district);
    const reviewer = `${district.orgId}-reviewer`;
    items.push({ ...keys.member(reviewer), entity: 'member', memberId: reviewer, name: '审核人', orgId: district.orgId, status: 'active', joinedOn: '2015-01-01', ...rosterIndexKeys(district.orgId, '审核人', reviewer) });
    items.push(roleItem({ memberId: reviewer, orgId: district.orgId, role: 'reviewer' }, 'bench', at));
  }
  const holders = new Set<string>();
  let honours = 0;
  let unions = 0;
  const award = (holder: Org, title: TitleCode, year: number, nominee: { kind: 'org' | 'person'; id: string; name: string }) => {
    honours += 1;
    holders.add(nominee.kind === 'person' ? `member:${nominee.id}` : `org:${holder.orgId}`);
    const certificateNo = `BEIJING-2021-${year}-${String(honours).padStart(5, '0')}`;
    const awardedAt = `${year}-12-20T02:00:00.000Z`;
    const fields = registerAttributes(
      { holderOrgId: holder.orgId, holderOrgName: holder.name, holderPath: holder.path, holderKind: nominee.kind, awardingOrgId: rootId, awardingOrgName: city.name, awardingPath: rootPath, campaignName: `${year} 年度评选`, rulesetId, state: 'current', history: [{ kind: 'granted', state: 'current', at: awardedAt }], source: 'import' },
      year,
      certificateNo,
    );
    items.push({ pk: `HONOUR#${certificateNo}`, sk: 'HONOUR', entity: 'honour', certificateNo, title: titleLabels[title], titleCode: title, nomineeName: nominee.name, nomineeId: nominee.id, year, awardedAt, ...fields });
  };
  const employeesOf = (orgId: string, employees: number) => {
    for (const year of [YEAR - 2, YEAR - 1, YEAR]) items.push({ ...keys.org(orgId), sk: `PROFILE#${year}`, entity: 'unionProfile', orgId, year, values: { year, employees }, version: 1, updatedAt: at.toISOString(), updatedBy: { memberId: 'bench', name: '基准' } });
  };

  for (let i = 0; honours < HONOURS; i += 1) {
    unions += 1;
    const district = districts[i % DISTRICTS] as Org;
    const orgId = `bu-${String(i + 1).padStart(5, '0')}`;
    const union: Org = { orgId, name: `基准工会${i + 1}`, level: 'grassroots', kind: i % 7 === 0 ? 'institution' : 'enterprise', ownership: i % 3 === 0 ? 'public' : 'nonPublic', parentId: district.orgId, path: `${district.path}/${orgId}` };
    putOrg(union);
    const smallHome: Org | undefined = i % 10 < 3 ? { orgId: `${orgId}-s1`, name: `基准工会${i + 1}第一分会`, level: 'subUnion', kind: union.kind, ...(union.ownership ? { ownership: union.ownership } : {}), parentId: orgId, path: `${union.path}/${orgId}-s1` } : undefined;
    if (smallHome) putOrg(smallHome);
    const chair = { id: `${orgId}-m01`, name: `主席${i + 1}` };
    const vice = { id: `${orgId}-m02`, name: `副主席${i + 1}` };

    // Seven unions in ten keep their records in the system; the rest have none (复查: 记录不全).
    if (i % 10 < 7) {
      for (let n = 1; n <= ROSTER; n += 1) {
        const memberId = `${orgId}-m${String(n).padStart(2, '0')}`;
        const name = n === 1 ? chair.name : n === 2 ? vice.name : `会员${i + 1}-${n}`;
        items.push({ ...keys.member(memberId), entity: 'member', memberId, name, orgId, status: 'active', joinedOn: '2019-03-01', ...(smallHome && n % 2 === 0 ? { subOrgId: smallHome.orgId } : {}), ...(n % 3 ? { boundAt: '2020-05-01T00:00:00.000Z' } : {}), ...rosterIndexKeys(orgId, name, memberId) });
      }
      items.push(roleItem({ memberId: chair.id, orgId, role: 'chair' }, 'bench', at));
      items.push(roleItem({ memberId: vice.id, orgId, role: 'viceChair' }, 'bench', at));
      employeesOf(orgId, ROSTER + (i % 4 === 0 ? 3 : 0));
      if (smallHome) employeesOf(smallHome.orgId, ROSTER / 2);
      // One union in 25 has had more than half of its members dissatisfied in the last two years.
      const unhappy = i % 25 === 0;
      for (const [k, year] of [YEAR - 2, YEAR - 1, YEAR].entries()) {
        const dissatisfaction = unhappy && k > 0 ? 0.55 : 0.02 + (i % 5) / 100;
        items.push({ ...appraisalKeys.orgRecord(orgId, 'memberAppraisal', year), entity: 'appraisalRecord', kind: 'memberAppraisal', year, satisfaction: 1 - dissatisfaction - 0.03, dissatisfaction, turnout: 0.9 });
        const grade: EvaluationGrade = i % 40 === 1 && k > 0 ? 'dissatisfied' : 'satisfied';
        for (const person of [chair, vice]) items.push({ ...appraisalKeys.chairRecord(person.id, orgId, year), entity: 'appraisalRecord', kind: 'chairEvaluation', year, grade });
      }
    }

    // The register orders them by holder path, so a holder's honours come one after another.
    const orgNominee = { kind: 'org' as const, id: orgId, name: union.name };
    award(union, 'modelHome', i % 6 === 5 ? YEAR : 2023, orgNominee);
    if (honours < HONOURS && i % 5 < 2) award(union, 'modelHome', 2021, orgNominee);
    if (honours < HONOURS && i % 2 === 0) award(union, 'outstandingWorker', 2024, { kind: 'person', ...chair });
    if (honours < HONOURS && i % 5 === 0) award(union, 'outstandingWorker', 2022, { kind: 'person', ...vice });
    if (honours < HONOURS && smallHome) award(smallHome, 'modelSmallHome', 2023, { kind: 'org', id: smallHome.orgId, name: smallHome.name });
  }
  return { items, honours, holders: holders.size, unions };
}

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
  await Promise.all(Array.from({ length: 16 }, worker));
}

/** Counts the requests sent through `db` by command name (an interceptor on the client every command passes). */
function countRequests(db: DynamoDBDocumentClient): Map<string, number> {
  const counts = new Map<string, number>();
  db.intercept((request, next) => {
    const name = `${request.operation}Command`;
    counts.set(name, (counts.get(name) ?? 0) + 1);
    return next();
  });
  return counts;
}

export async function benchRecheck(): Promise<Figure[]> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const dynamodb = await startDynamoDbLocal({ port, quiet: true, heapMb: 2048 });
  try {
    const table = `bench-recheck-${randomUUID()}`;
    const raw = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: 'cn-north-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await ensureTable(raw, table);
    const db = createDocumentClient(dynamodb.endpoint);
    const built = performance.now();
    const { items, honours, holders, unions } = fixture();
    await putAll(db, table, items);
    const buildMs = performance.now() - built;

    const counts = countRequests(db);
    const deps: RecheckDeps = { db, table, directory: dynamoDirectory(db, table), now: () => new Date('2027-03-01T01:00:00.000Z') };
    const started = performance.now();
    const tally = await recheckTree(deps, rootId, YEAR, { by: 'bench' });
    const ms = performance.now() - started;
    raw.destroy();
    db.destroy();

    const reads = [...counts].filter(([name]) => readCommands.has(name)).reduce((sum, [, n]) => sum + n, 0);
    const writes = [...counts].filter(([name]) => !readCommands.has(name)).reduce((sum, [, n]) => sum + n, 0);
    const judged = tally.flagged + tally.failed + tally.incomplete + tally.passed + tally.notDue;
    const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
    return [
      { label: `fixture: ${unions} unions, ${items.length} items written in bulk`, value: Math.round(buildMs), unit: 'ms' },
      { label: 'fixture: honours', value: honours, unit: 'honours' },
      { label: 'fixture: distinct holders (unions, 小家, chairs and vice-chairs)', value: holders, unit: 'holders' },
      { label: `复查 of ${honours} honours for ${YEAR} (one run, no budget)`, value: Math.round(ms), unit: 'ms' },
      { label: '复查: time per honour', value: round(ms / honours), unit: 'ms' },
      { label: '复查: time per holder', value: round(ms / holders), unit: 'ms' },
      { label: '复查: read requests (Get/Query/BatchGet pages)', value: reads, unit: 'requests' },
      { label: '复查: read requests per honour', value: round(reads / honours), unit: 'reads' },
      { label: '复查: read requests per holder', value: round(reads / holders), unit: 'reads' },
      { label: '复查: write requests per honour (transactions)', value: round(writes / honours), unit: 'writes' },
      ...[...counts].sort(([a], [b]) => a.localeCompare(b)).map(([name, n]) => ({ label: `复查: ${name.replace(/Command$/, '')} requests`, value: n, unit: 'requests' })),
      { label: '复查: honours judged', value: judged, unit: 'honours' },
      ...(['flagged', 'failed', 'incomplete', 'passed', 'notDue'] as const).map((outcome) => ({ label: `复查: outcome ${outcome}`, value: tally[outcome], unit: 'honours' })),
    ];
  } finally {
    await dynamodb.stop();
  }
}
