import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '../storage/document-client';
import { getRuleset, rulesetIds } from '@config/rulesets';
import { honourImportColumns, maxHonourImportRows, type HonourImportColumnKey, type HonourImportJob, type HonourImportRequest } from '@shared/api/register';
import { formatShanghaiDate, startOfShanghaiDay } from '@shared/calendar/shanghai-date';
import type { Org } from '@shared/domain/org';
import { rootIdOf } from '@shared/domain/org-tree';
import { DomainError, errorMessages, fieldError } from '@shared/errors';
import { maxInlineImportBytes } from '@shared/api/roster';
import type { SheetRow } from '@shared/roster/roster-rows';
import { normaliseText, withoutSpaces } from '@shared/roster/text';
import { titleCodes, titleLabels, type TitleCode } from '@shared/rules/titles';
import type { Session } from '../auth/session-token';
import { batchGet } from '../campaign/batch-reads';
import { campaignKeys } from '../campaign/campaign-items';
import type { CampaignDeps } from '../campaign/campaigns';
import { ChangeRefused, commitWithNotices } from '../notify/outbox';
import { readSheetRows } from '../roster/excel';
import { requireScopeOn, type Actor } from '../scope/scope';
import { keys } from '../storage/keys';
import { ttlEpochSeconds } from '../time/clock';
import { registerAttributes, type RegisterFields } from './register-items';
import { scheduleRechecks } from './recheck-schedule';

/**
 * 补录历史荣誉档案 (issue 17 point 1): honours granted before the product, from paper records, imported into the register
 * by an organiser — an .xlsx or .csv with Chinese headers (shared/api/register.ts honourImportColumns), previewed with
 * every problem by row and column, then committed. Items of one import (HONOURIMPORT#<importId>):
 *   JOB        the job: status invalid | previewed | committing | committed, counts, the first problems
 *   CHUNK#0003 99 prepared honour items (TTL a day)
 *   DONE#0003  written in the same transaction as the chunk's honours: the chunk is written exactly once
 * A holder must be an org of the importer's subtree (the union itself, or the union of a person), so the register's
 * subtree query finds every imported honour where the importer looks.
 */

type Deps = Pick<CampaignDeps, 'db' | 'table' | 'directory' | 'now'>;

const importKeys = {
  job: (id: string) => ({ pk: `HONOURIMPORT#${id}`, sk: 'JOB' }),
  chunk: (id: string, n: number) => ({ pk: `HONOURIMPORT#${id}`, sk: `CHUNK#${String(n).padStart(4, '0')}` }),
  done: (id: string, n: number) => ({ pk: `HONOURIMPORT#${id}`, sk: `DONE#${String(n).padStart(4, '0')}` }),
};
/** DynamoDB's 100 items per transaction, one of them the chunk's DONE marker. */
const chunkSize = 99;
const shownProblems = 200;
const stagedSeconds = 24 * 3600;
const jobSeconds = 30 * 24 * 3600;

const collectiveTitles: ReadonlySet<TitleCode> = new Set(['modelHome', 'modelSmallHome', 'redFlagHome', 'redFlagSmallHome']);
const titleByLabel = new Map(titleCodes.map((t) => [titleLabels[t], t]));
// Built on the first import, not at load: it reads every ruleset (parsed on first read, config/rulesets).
let rulesetNames: Map<string, string> | undefined;
function rulesetByName(): Map<string, string> {
  rulesetNames ??= new Map(rulesetIds.flatMap((id) => {
    const r = getRuleset(id);
    return r ? [[id, id], [r.citationDoc, id], [r.name, id]] : [];
  }));
  return rulesetNames;
}

interface Problem {
  row: number;
  column: string;
  message: string;
}

const headerOf = Object.fromEntries(honourImportColumns.map((c) => [c.key, c.header])) as Record<HonourImportColumnKey, string>;
const problemAt = (row: number, key: HonourImportColumnKey, reason: string): Problem => ({ row, column: headerOf[key], message: `第 ${row} 行「${headerOf[key]}」${reason}` });

/** "2019-5-1", "2019/05/01", "2019.5.1", "2019年5月1日" → "2019-05-01", or undefined when no such day exists. */
function calendarDay(raw: string): string | undefined {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(withoutSpaces(raw));
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The file bytes of an inline upload (as the roster's contentBase64), refused above the roster's 4 MB. */
function decodeUpload(contentBase64: string): Buffer {
  const base64 = contentBase64.replace(/^data:[^,]*,/, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(base64)) throw fieldError('contentBase64', '文件内容（contentBase64）不是有效的 base64');
  if (Math.floor((base64.length * 3) / 4) > maxInlineImportBytes) throw new DomainError('ROSTER.FILE_TOO_LARGE');
  return Buffer.from(base64, 'base64');
}

/** The orgs of the importer's subtree, by id and by (normalised) name; a name two orgs share is ambiguous. */
async function subtreeOrgs(deps: Deps, org: Org): Promise<{ byId: Map<string, Org>; byName: Map<string, Org[]> }> {
  const byId = new Map<string, Org>();
  const byName = new Map<string, Org[]>();
  let start: Record<string, unknown> | undefined;
  do {
    const out = await deps.db.send(
      new QueryCommand({ TableName: deps.table, IndexName: 'bySubtree', KeyConditionExpression: 'gsi3pk = :t AND begins_with(gsi3sk, :p)', ExpressionAttributeValues: { ':t': keys.tree(rootIdOf(org.path)), ':p': org.path }, ExclusiveStartKey: start }),
    );
    for (const item of (out.Items ?? []) as Record<string, unknown>[]) {
      if (item.entity !== 'org') continue;
      const o = item as unknown as Org;
      if (o.path !== org.path && !o.path.startsWith(`${org.path}/`)) continue;
      byId.set(o.orgId, o);
      const name = normaliseText(o.name);
      byName.set(name, [...(byName.get(name) ?? []), o]);
    }
    start = out.LastEvaluatedKey as Record<string, unknown> | undefined;
  } while (start);
  return { byId, byName };
}

interface Prepared {
  row: number;
  item: Record<string, unknown>;
}

/** Every row checked; the honour items of the good rows, and the problems of the others. */
async function checkRows(deps: Deps, actor: Actor, org: Org, importId: string, fileName: string, sheet: SheetRow[]): Promise<{ total: number; prepared: Prepared[]; problems: Problem[] }> {
  const [head, ...body] = sheet;
  if (!head) throw new DomainError('HONOUR_IMPORT.FILE_EMPTY');
  const headers = head.cells.map((c) => normaliseText(c));
  const indexOf = new Map<HonourImportColumnKey, number>();
  for (const c of honourImportColumns) {
    const i = headers.indexOf(c.header);
    if (i >= 0) indexOf.set(c.key, i);
  }
  const missing = honourImportColumns.filter((c) => c.required && !indexOf.has(c.key)).map((c) => c.header);
  if (missing.length > 0) {
    const message = `缺少列「${missing.join('」「')}」；第 1 行应为列名：${honourImportColumns.map((c) => c.header).join('、')}`;
    throw new DomainError('HONOUR_IMPORT.FILE_INVALID', { message: `${errorMessages['HONOUR_IMPORT.FILE_INVALID']}：${message}`, details: missing.map((m) => ({ path: m, message: `缺少列「${m}」` })) });
  }
  const rows = body.filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (rows.length === 0) throw new DomainError('HONOUR_IMPORT.FILE_EMPTY');
  if (rows.length > maxHonourImportRows) {
    throw new DomainError('HONOUR_IMPORT.FILE_INVALID', { message: `${errorMessages['HONOUR_IMPORT.FILE_INVALID']}：文件有 ${rows.length} 条记录，一次最多导入 ${maxHonourImportRows} 条，请拆分后分批导入` });
  }

  const cell = (r: SheetRow, key: HonourImportColumnKey): string => {
    const i = indexOf.get(key);
    return i === undefined ? '' : (r.cells[i] ?? '').trim();
  };
  const { byId, byName } = await subtreeOrgs(deps, org);
  const findOrg = (text: string): { org?: Org; reason?: string } => {
    const found = byId.get(text) ? [byId.get(text) as Org] : (byName.get(normaliseText(text)) ?? []);
    if (found.length === 1) return { org: found[0] };
    if (found.length > 1) return { reason: `「${text}」有 ${found.length} 个同名组织，请改填组织编号（${found.map((o) => o.orgId).join('、')}）` };
    return { reason: `「${text}」不在${org.name}及下级组织的组织架构中，请核对名称或先在组织架构中添加` };
  };

  const numbers = rows.map((r) => withoutSpaces(cell(r, 'certificateNo')).toUpperCase());
  const existing = await batchGet(deps.db, deps.table, [...new Set(numbers.filter((n) => n !== '' && n.length <= 64))].map((n) => campaignKeys.honour(n)));
  const today = formatShanghaiDate(deps.now());
  const nowIso = deps.now().toISOString();
  const firstRowOf = new Map<string, number>();
  const problems: Problem[] = [];
  const prepared: Prepared[] = [];

  rows.forEach((r, index) => {
    const row = r.number;
    const rowProblems: Problem[] = [];
    const no = numbers[index] as string;
    if (no === '') rowProblems.push(problemAt(row, 'certificateNo', '未填写'));
    else if (no.length > 64 || /[/#]/.test(no)) rowProblems.push(problemAt(row, 'certificateNo', '不超过 64 个字符，且不能含有 / 或 #'));
    else if (firstRowOf.has(no)) rowProblems.push(problemAt(row, 'certificateNo', `${no} 与第 ${firstRowOf.get(no)} 行重复`));
    else if (existing.has(`${campaignKeys.honour(no).pk}#${campaignKeys.honour(no).sk}`)) rowProblems.push(problemAt(row, 'certificateNo', `${no} 已在荣誉档案中，不能重复导入`));
    if (no !== '' && !firstRowOf.has(no)) firstRowOf.set(no, row);

    const titleText = normaliseText(cell(r, 'title'));
    const titleCode = titleByLabel.get(titleText);
    if (!titleText) rowProblems.push(problemAt(row, 'title', '未填写'));
    else if (!titleCode) rowProblems.push(problemAt(row, 'title', `「${titleText}」不是本系统的荣誉称号，应为：${titleCodes.map((t) => titleLabels[t]).join('、')}`));

    const kindText = normaliseText(cell(r, 'holderKind'));
    const kind = kindText === '集体' ? 'org' : kindText === '个人' ? 'person' : undefined;
    if (!kind) rowProblems.push(problemAt(row, 'holderKind', kindText ? `「${kindText}」应为「集体」或「个人」` : '未填写，应为「集体」或「个人」'));
    else if (titleCode && (kind === 'org') !== collectiveTitles.has(titleCode)) rowProblems.push(problemAt(row, 'holderKind', `与荣誉称号不符：${titleLabels[titleCode]}授予${collectiveTitles.has(titleCode) ? '集体' : '个人'}`));

    const holderName = cell(r, 'holderName');
    const union = cell(r, 'holderUnion');
    let holder: Org | undefined;
    if (!holderName) rowProblems.push(problemAt(row, 'holderName', '未填写'));
    else if (holderName.length > 100) rowProblems.push(problemAt(row, 'holderName', '不超过 100 个字符'));
    if (kind === 'org' && holderName) {
      const found = findOrg(holderName);
      if (found.org) holder = found.org;
      else rowProblems.push(problemAt(row, 'holderName', found.reason as string));
    }
    if (kind === 'person') {
      if (!union) rowProblems.push(problemAt(row, 'holderUnion', '未填写：个人荣誉请填写获得者所在的工会'));
      else {
        const found = findOrg(union);
        if (found.org) holder = found.org;
        else rowProblems.push(problemAt(row, 'holderUnion', found.reason as string));
      }
    }

    const awardingBody = cell(r, 'awardingBody');
    if (!awardingBody) rowProblems.push(problemAt(row, 'awardingBody', '未填写'));
    else if (awardingBody.length > 100) rowProblems.push(problemAt(row, 'awardingBody', '不超过 100 个字符'));
    const campaignName = cell(r, 'campaignName');
    if (campaignName.length > 200) rowProblems.push(problemAt(row, 'campaignName', '不超过 200 个字符'));

    const dateText = cell(r, 'awardedOn');
    const day = calendarDay(dateText);
    if (!dateText) rowProblems.push(problemAt(row, 'awardedOn', '未填写'));
    else if (!day) rowProblems.push(problemAt(row, 'awardedOn', `「${dateText}」不是有效日期，应形如 2019-05-01`));
    else if (day > today) rowProblems.push(problemAt(row, 'awardedOn', `${day} 晚于今天（${today}），补录的应是已经授予的荣誉`));
    else if (day < '1949-10-01') rowProblems.push(problemAt(row, 'awardedOn', `${day} 早于 1949 年 10 月 1 日`));

    const rulesetText = cell(r, 'ruleset');
    if (rulesetText.length > 100) rowProblems.push(problemAt(row, 'ruleset', '不超过 100 个字符'));

    if (rowProblems.length > 0 || !titleCode || !kind || !holder || !day) {
      problems.push(...rowProblems);
      return;
    }
    const awarding = findOrg(awardingBody).org;
    const rulesetId = rulesetByName().get(rulesetText) ?? rulesetByName().get(normaliseText(rulesetText));
    const awardedAt = startOfShanghaiDay(day).toISOString();
    const year = Number(day.slice(0, 4));
    const fields: RegisterFields = {
      holderOrgId: holder.orgId,
      holderOrgName: holder.name,
      holderPath: holder.path,
      holderKind: kind,
      awardingOrgId: awarding?.orgId ?? '',
      awardingOrgName: awardingBody,
      awardingPath: awarding?.path ?? '',
      campaignName,
      rulesetId: rulesetId ?? '',
      state: 'current',
      history: [
        { kind: 'granted', state: 'current', at: awardedAt },
        { kind: 'imported', state: 'current', at: nowIso, by: actor.memberId, note: `据纸质档案补录（${fileName} 第 ${row} 行）` },
      ],
      source: 'import',
    };
    prepared.push({
      row,
      item: {
        ...campaignKeys.honour(no),
        entity: 'honour',
        certificateNo: no,
        applicationId: '',
        title: titleLabels[titleCode],
        titleCode,
        nomineeName: kind === 'org' ? holder.name : holderName,
        nomineeId: kind === 'org' ? holder.orgId : '',
        year,
        awardedAt,
        importId,
        importRow: row,
        ...(rulesetId ? {} : { rulesetName: rulesetText }),
        ...registerAttributes(fields, year, no),
      },
    });
  });
  problems.sort((a, b) => a.row - b.row);
  return { total: rows.length, prepared, problems };
}

interface JobRecord {
  importId: string;
  orgId: string;
  fileName: string;
  status: 'invalid' | 'previewed' | 'committing' | 'committed';
  counts: HonourImportJob['counts'];
  problems: Problem[];
  problemCount: number;
  chunkCount: number;
  written?: number;
  skipped?: Problem[];
}

const viewOf = (job: JobRecord): HonourImportJob => ({
  importId: job.importId,
  fileName: job.fileName,
  status: job.status === 'committing' ? 'previewed' : job.status,
  counts: job.counts,
  problems: job.problems,
  problemCount: job.problemCount,
  ...(job.written === undefined ? {} : { written: job.written, skipped: job.skipped ?? [] }),
});

/** POST /v1/orgs/{orgId}/honours/imports: reads the file and stages its honours; nothing enters the register yet. */
export async function previewHonourImport(deps: Deps, session: Session, orgId: string, request: HonourImportRequest): Promise<HonourImportJob> {
  const { org, actor } = await requireScopeOn(deps.directory, session, ['organiser'], orgId);
  const sheet = await readSheetRows(decodeUpload(request.contentBase64));
  const importId = randomUUID();
  const { total, prepared, problems } = await checkRows(deps, actor, org, importId, request.fileName, sheet);
  const status = problems.length > 0 ? 'invalid' : 'previewed';
  const now = deps.now();
  const chunks: Record<string, unknown>[] = [];
  if (status === 'previewed') {
    for (let i = 0; i < prepared.length; i += chunkSize) chunks.push({ ...importKeys.chunk(importId, chunks.length), entity: 'honourImportChunk', items: prepared.slice(i, i + chunkSize).map((p) => p.item), expiresAt: ttlEpochSeconds(now) + stagedSeconds });
  }
  for (let i = 0; i < chunks.length; i += 8) await Promise.all(chunks.slice(i, i + 8).map((Item) => deps.db.send(new PutCommand({ TableName: deps.table, Item }))));
  const job: JobRecord = {
    importId,
    orgId: org.orgId,
    fileName: request.fileName,
    status,
    counts: { total, valid: prepared.length, errors: new Set(problems.map((p) => p.row)).size },
    problems: problems.slice(0, shownProblems),
    problemCount: problems.length,
    chunkCount: chunks.length,
  };
  // The job last: a job that exists has all its chunks.
  await deps.db.send(new PutCommand({ TableName: deps.table, Item: { ...importKeys.job(importId), entity: 'honourImportJob', ...job, createdBy: actor.memberId, createdAt: now.toISOString(), expiresAt: ttlEpochSeconds(now) + jobSeconds } }));
  return viewOf(job);
}

/** One chunk, once: its honours and its DONE marker in one transaction; a number taken meanwhile is left out. */
async function writeChunk(deps: Deps, importId: string, n: number): Promise<void> {
  const done = importKeys.done(importId, n);
  const chunk = (await deps.db.send(new GetCommand({ TableName: deps.table, Key: importKeys.chunk(importId, n), ConsistentRead: true }))).Item;
  if (!chunk) throw new DomainError('HONOUR_IMPORT.NOT_FOUND');
  let items = chunk.items as Record<string, unknown>[];
  const skipped: Problem[] = [];
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    try {
      await deps.db.send(
        new TransactWriteCommand({
          TransactItems: [
            ...items.map((Item) => ({ Put: { TableName: deps.table, Item, ConditionExpression: 'attribute_not_exists(pk)' } })),
            { Put: { TableName: deps.table, Item: { ...done, entity: 'honourImportDone', written: items.length, skipped }, ConditionExpression: 'attribute_not_exists(pk)' } },
          ],
        }),
      );
      return;
    } catch (error) {
      if ((error as { name?: string }).name !== 'TransactionCanceledException') throw error;
    }
    if ((await deps.db.send(new GetCommand({ TableName: deps.table, Key: done, ConsistentRead: true }))).Item) return;
    const taken = await batchGet(deps.db, deps.table, items.map((i) => campaignKeys.honour(String(i.certificateNo))));
    items = items.filter((i) => {
      if (!taken.has(`HONOUR#${String(i.certificateNo)}#HONOUR`)) return true;
      skipped.push({ row: Number(i.importRow ?? 0), column: '证书编号', message: `${String(i.certificateNo)} 在预览之后已被占用，未导入` });
      return false;
    });
  }
  throw new DomainError('REQUEST.INVALID', { message: '导入时荣誉档案正被同时修改，请稍后再确认一次' });
}

/**
 * POST /v1/orgs/{orgId}/honours/imports/{importId}/commit: audited once (the job moves to committing with the audit
 * event in one transaction), then every chunk not yet DONE is written. Confirming again finishes a cut-off commit
 * and otherwise answers the result: idempotent.
 */
export async function commitHonourImport(deps: Deps, session: Session, orgId: string, importId: string): Promise<HonourImportJob> {
  const { org, actor } = await requireScopeOn(deps.directory, session, ['organiser'], orgId);
  const read = async () => (await deps.db.send(new GetCommand({ TableName: deps.table, Key: importKeys.job(importId), ConsistentRead: true }))).Item as (JobRecord & Record<string, unknown>) | undefined;
  const job = await read();
  if (!job || job.orgId !== org.orgId) throw new DomainError('HONOUR_IMPORT.NOT_FOUND');
  if (job.status === 'invalid') throw new DomainError('HONOUR_IMPORT.HAS_ERRORS');
  if (job.status === 'committed') return viewOf(job);
  if (job.status === 'previewed') {
    try {
      await commitWithNotices(
        deps.db,
        deps.table,
        {
          writes: [{ Update: { TableName: deps.table, Key: importKeys.job(importId), UpdateExpression: 'SET #s = :committing, confirmedBy = :by', ConditionExpression: '#s = :previewed', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':committing': 'committing', ':previewed': 'previewed', ':by': actor.memberId } } }],
          audit: [{ subjectType: 'honourRegister', subjectId: org.orgId, scopePath: org.path, action: 'honour.imported', actor: { memberId: actor.memberId, role: actor.role }, citation: { doc: '总工办发〔2020〕15号', article: '第二十二条', item: '（二）' }, data: { importId, fileName: job.fileName, honours: job.counts.valid } }],
        },
        deps.now(),
      );
    } catch (error) {
      // Confirmed at the same moment by another request: that one is audited.
      if (!(error instanceof ChangeRefused)) throw error;
    }
  }
  const pending = Array.from({ length: job.chunkCount }, (_, n) => n);
  const workers = Array.from({ length: 4 }, async () => {
    for (let n = pending.shift(); n !== undefined; n = pending.shift()) await writeChunk(deps, importId, n);
  });
  await Promise.all(workers);
  const dones = await batchGet(deps.db, deps.table, Array.from({ length: job.chunkCount }, (_, n) => importKeys.done(importId, n)));
  const written = [...dones.values()].reduce((sum, d) => sum + Number(d.written ?? 0), 0);
  const skipped = [...dones.values()].flatMap((d) => (d.skipped ?? []) as Problem[]);
  // Historic holders join the yearly 复查 from the last full year (recheck-schedule.ts; an earlier schedule is kept).
  if (written > 0) await scheduleRechecks(deps, rootIdOf(org.path), Number(formatShanghaiDate(deps.now()).slice(0, 4)) - 2);
  await deps.db.send(new UpdateCommand({ TableName: deps.table, Key: importKeys.job(importId), UpdateExpression: 'SET #s = :committed, written = :w, skipped = :k', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':committed': 'committed', ':w': written, ':k': skipped } }));
  return viewOf({ ...job, status: 'committed', written, skipped });
}
