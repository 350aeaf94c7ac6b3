import { createHash } from 'node:crypto';
import { BatchGetCommand, GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '../storage/document-client';
import { getRuleset } from '@config/rulesets';
import { publicityWindow, workingDaysLeft, type WorkingDayCalendar } from '@shared/calendar';
import {
  publicityLevelLabels,
  type OpenPublicityRequest,
  type PublicityEntryInput,
  type PublicityEntryView,
  type PublicityListResponse,
  type PublicityStatus,
  type PublicityView,
} from '@shared/api/publicity';
import { isInSubtree, type Org, type Role } from '@shared/domain/org';
import { DomainError, fieldError } from '@shared/errors';
import { citationText } from '@shared/rules/citation';
import { systemDefaultWorkingDays, windowLength, windowLengthSources, type WindowLengthSource } from '@shared/publicity/window-length';
import type { PublicityLevel, Ruleset } from '@shared/rules/ruleset-schema';
import { titleLabels } from '@shared/rules/titles';
import type * as z from 'zod';
import type { openPublicityRequest } from '@shared/api/publicity';
import type { Session } from '../auth/session-token';
import { type Directory, requireOrg } from '../directory/directory';
import { ChangeRefused, commitWithNotices, type TransactItem } from '../notify/outbox';
import type { NoticeDraft } from '../notify/notice';
import { dynamoRoleBook } from '../orgs/dynamo-org-store';
import { requireScope, requireScopeOn } from '../scope/scope';
import { rootIdOf } from '@shared/domain/org-tree';
import type { KeyWrapper } from './reporter-envelope';
import type { PersonalDataCipher } from '../privacy/personal-data';
import { duePublicityClose, publicityKeys, windowAsRead, type EntryRecord, type PublicityRecord } from './publicity-items';

export interface PublicityDeps {
  db: DynamoDBDocumentClient;
  table: string;
  directory: Directory;
  calendar: WorkingDayCalendar;
  /** Wraps the data key of a reporter's contact, account and receipt (new keys only: opening is identity-access.ts's). */
  keys: KeyWrapper;
  /** Wraps the data key that seals a reporter who asked for updates (opened only by the clock, reporter-notices.ts). */
  watcherKeys: KeyWrapper;
  cipher: PersonalDataCipher;
  now: () => Date;
}

const publishers: Record<PublicityLevel, readonly Role[]> = {
  unit: ['chair', 'viceChair'],
  recommending: ['reviewer', 'organiser'],
  final: ['organiser'],
};

type Item = Record<string, unknown>;

/** A window's id follows from its request id: a repeated request finds the window it opened. */
export const publicityIdOf = (requestId: string): string => `pub-${createHash('sha256').update(requestId).digest('hex').slice(0, 20)}`;

/** What opening and reading a window needs (a campaign opens its recommending and final windows with these). */
export type OpeningDeps = Pick<PublicityDeps, 'db' | 'table' | 'directory' | 'calendar' | 'now'>;

/**
 * Opens a window. A campaign's recommending and final windows carry its id, and each entry the application it
 * lists (`link`), so the campaign can tell which nominees the window cleared.
 */
export async function openPublicity(
  deps: OpeningDeps,
  session: Session,
  orgId: string,
  request: z.infer<typeof openPublicityRequest>,
  link?: { campaignId: string; applicationIds: readonly string[] },
): Promise<PublicityView> {
  forgetPublicList(); // a Lambda container serves one request at a time: the next list read is fresh
  const { org, actor } = await requireScopeOn(deps.directory, session, publishers[request.level], orgId);
  const publicityId = publicityIdOf(request.requestId);
  // A repeated request finds the window it opened, whatever has happened since (a report filed, the clock moved on).
  const existing = await getPublicity(deps, publicityId);
  if (existing) {
    if (existing.record.orgId !== org.orgId) throw invalid('requestId', '请求编号（requestId）已用于另一份公示，请刷新页面后重新提交');
    return viewOf(deps, existing.record, existing.entries);
  }
  if ((request.level === 'unit') !== (org.level === 'grassroots')) throw invalid('level', request.level === 'unit' ? '本单位公示（level）只能由基层工会发布' : '推荐单位公示和终审公示（level）由工会联合会发布');
  const ruleset = getRuleset(request.rulesetId);
  if (!ruleset) throw invalid('rulesetId', '没有这个评选办法（rulesetId）');
  const rule = ruleset.publicity.find((p) => p.level === request.level);
  if (!rule) throw invalid('level', `${ruleset.name}没有规定这一级公示（level）`);
  // The ruleset's working days where it sets them; where it is silent (焦作 四、（一）) the system's default of five,
  // labelled 本系统默认 and never cited as the text's, or the publisher's own choice (shared/publicity/window-length.ts).
  const length = windowLength(rule, request.workingDays);
  if (!length.ok) throw invalid('workingDays', length.message);
  const days = length.workingDays;
  const offered = new Set(ruleset.titles.map((t) => t.title));
  request.entries.forEach((e, i) => {
    if (!offered.has(e.title)) throw invalid(`entries.${i}.title`, `${ruleset.name}不设「${titleLabels[e.title]}」（entries.${i}.title）`);
  });
  const opensAt = openingOf(request.opensAt, deps.now());
  const listed = request.entries.map((entry, i) => ({ entry, path: `entries.${i}.nomineeRef` }));
  await requireNomineesInScope(deps, org, listed);
  await refuseDisqualified(deps, listed, request.year);
  await refuseUnderReport(deps, listed, request.year);

  const window = publicityWindow(opensAt, days, deps.calendar);
  const record: PublicityRecord = {
    publicityId,
    level: request.level,
    heading: request.heading,
    orgId: org.orgId,
    orgName: org.name,
    orgPath: org.path,
    rulesetId: ruleset.id,
    year: request.year,
    audience: request.level === 'unit' ? 'members' : 'public',
    opensAt: window.opensAt.toISOString(),
    endsAt: window.endsAt.toISOString(),
    workingDays: days,
    lengthSource: length.source,
    provisional: window.provisional,
    calendarStamp: deps.calendar.stamp(),
    citation: `${citationText(rule.citation)}：${rule.description}`,
    closed: false,
    publishedBy: actor.memberId,
    ...(link ? { campaignId: link.campaignId } : {}),
    entryCount: request.entries.length,
  };
  const entries: EntryRecord[] = request.entries.map((e, i) => ({
    ...e,
    entryId: entryIdOf(i + 1),
    status: 'listed',
    openReports: 0,
    ...(link?.applicationIds[i] ? { applicationId: link.applicationIds[i] } : {}),
    opensAt: record.opensAt,
    endsAt: record.endsAt,
  }));
  // The list and its entries are written in batches of one transaction each; the first carries the publicity item.
  const batches: TransactItem[][] = [];
  const entryPuts: TransactItem[] = entries.flatMap((e) => entryWrites(deps.table, record, e));
  for (let i = 0; i < entryPuts.length; i += 90) batches.push(entryPuts.slice(i, i + 90));
  for (const batch of batches.slice(1)) await commitWithNotices(deps.db, deps.table, { writes: batch }, deps.now());
  try {
    await commitWithNotices(
      deps.db,
      deps.table,
      {
        writes: [{ Put: { TableName: deps.table, Item: publicityItem(record), ConditionExpression: 'attribute_not_exists(pk)' } }, ...(batches[0] ?? [])],
        audit: [
          {
            subjectType: 'publicity',
            subjectId: publicityId,
            scopePath: org.path,
            action: 'publicity.opened',
            actor: { memberId: actor.memberId, role: actor.role },
            citation: rule.citation,
            data: { level: record.level, opensAt: record.opensAt, endsAt: record.endsAt, workingDays: days, provisional: window.provisional, entries: entries.map((e) => e.nomineeName) },
          },
        ],
      },
      deps.now(),
    );
  } catch (error) {
    if (!(error instanceof ChangeRefused)) throw error;
    // The same request twice at once: both answer with the window the first one opened.
    const opened = await getPublicity(deps, publicityId);
    if (!opened) throw new DomainError('PUBLICITY.CHANGED_MEANWHILE', { cause: error });
    return viewOf(deps, opened.record, opened.entries);
  }
  return viewOf(deps, record, entries);
}

const entryIdOf = (n: number): string => `e${String(n).padStart(3, '0')}`;

/** An entry and where its nominee is listed (publicityKeys.nomineeEntry), written together. */
function entryWrites(table: string, record: PublicityRecord, e: EntryRecord, condition?: string): TransactItem[] {
  return [
    { Put: { TableName: table, Item: { ...publicityKeys.entry(record.publicityId, e.entryId), entity: 'publicityEntry', publicityId: record.publicityId, ...e }, ...(condition ? { ConditionExpression: condition } : {}) } },
    {
      Put: {
        TableName: table,
        Item: { ...publicityKeys.nomineeEntry(e.nomineeRef, record.year, e.title, record.publicityId, e.entryId), entity: 'nomineeListing', publicityId: record.publicityId, entryId: e.entryId, heading: record.heading },
      },
    },
  ];
}

/** A publisher's phone may run a few minutes slow; anything earlier is a window that began in the past. */
export const openingSkewMs = 5 * 60_000;
/** How far ahead a window may be scheduled. */
export const maxScheduledDays = 90;

/**
 * Issue 14: a window opens now or later, never in the past — one that "began" a month ago would be over at once,
 * turn every report into a supervision report that holds nobody, and clear its nominees unheard. Within the skew it
 * opens now (so no minute of the window lies before it went up); at most 90 days ahead.
 */
function openingOf(requested: string | undefined, now: Date): Date {
  if (!requested) return now;
  const at = new Date(requested);
  if (at.getTime() < now.getTime() - openingSkewMs) throw invalid('opensAt', '开始时间（opensAt）不能早于当前时间：公示期须从名单公布之时起算，不能补记已经过去的公示');
  if (at.getTime() > now.getTime() + maxScheduledDays * 86_400_000) throw invalid('opensAt', `开始时间（opensAt）最晚为 ${maxScheduledDays} 天之后`);
  return at.getTime() < now.getTime() ? now : at;
}

/** A nominee of a request and the field that names it (`entries.3.nomineeRef`, or `nomineeRef` for a late entry). */
interface Listed {
  entry: PublicityEntryInput;
  path: string;
}

/**
 * Issue 14 and DESIGN.md invariant 8: a finding disqualifies and notifies whoever an entry names, so the name must
 * be an org or member the publisher answers for — inside its subtree (a union's own list: the union, its sub-unions
 * and its members; a federation's: its subtree).
 */
async function requireNomineesInScope(deps: Pick<PublicityDeps, 'directory'>, publisher: Org, listed: readonly Listed[]): Promise<void> {
  const refs = [...new Set(listed.map((l) => l.entry.nomineeRef))];
  const orgs = await deps.directory.getOrgs(refs);
  const members = new Map<string, string>();
  await Promise.all(
    refs
      .filter((ref) => !orgs.has(ref))
      .map(async (ref) => {
        const member = await deps.directory.getMember(ref);
        if (member) members.set(ref, member.orgId);
      }),
  );
  const memberOrgs = await deps.directory.getOrgs([...new Set(members.values())]);
  const within = publisher.level === 'grassroots' ? `${publisher.name}及其下属分工会、工会小组和会员` : `${publisher.name}及其下属组织和会员`;
  for (const { entry, path } of listed) {
    const memberOrg = members.get(entry.nomineeRef);
    const home = orgs.get(entry.nomineeRef) ?? (memberOrg ? memberOrgs.get(memberOrg) : undefined);
    if (!home) throw invalid(path, `系统中没有编号为「${entry.nomineeRef}」的组织或会员（${path}）`);
    if (!isInSubtree(home.path, publisher.path)) throw invalid(path, `「${entry.nomineeName}」不属于${within}，不能列入本公示（${path}）`);
  }
}

/** Why an entry holds its nominee: a report still open, one found true, or a disqualification. */
function holdOf(e: EntryRecord): string | undefined {
  if (e.status === 'disqualified') return '经举报核查属实，已被取消资格';
  if ((e.upheldReports ?? 0) > 0) return '收到的举报经核查属实';
  if (e.status === 'held' || e.openReports > 0) return '收到的举报尚在核查';
  return undefined;
}

/**
 * Issue 14: a nominee held by a report in one window — still under investigation, or found true — cannot be listed
 * in another window of the same year and title, where five quiet days would clear them around the report.
 */
async function refuseUnderReport(deps: Pick<PublicityDeps, 'db' | 'table'>, listed: readonly Listed[], year: number): Promise<void> {
  for (const { entry, path } of listed) {
    const where = publicityKeys.nomineeListings(entry.nomineeRef, year, entry.title);
    const out = await deps.db.send(
      new QueryCommand({ TableName: deps.table, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)', ExpressionAttributeValues: { ':pk': where.pk, ':sk': where.skPrefix }, ConsistentRead: true }),
    );
    for (const listing of out.Items ?? []) {
      const got = await deps.db.send(new GetCommand({ TableName: deps.table, Key: publicityKeys.entry(String(listing.publicityId), String(listing.entryId)), ConsistentRead: true }));
      const hold = got.Item ? holdOf(toEntry(got.Item)) : undefined;
      if (!hold) continue;
      const message = `「${entry.nomineeName}」在「${String(listing.heading)}」中${hold}，不得另行公示`;
      throw new DomainError('PUBLICITY.NOMINEE_UNDER_REPORT', { message, details: [{ path, message: `${message}（${path}）` }] });
    }
  }
}

function publicityItem(r: PublicityRecord): Item {
  return {
    ...publicityKeys.publicity(r.publicityId),
    entity: 'publicity',
    ...r,
    gsi1pk: r.audience === 'public' ? publicityKeys.publicWindows : publicityKeys.unitWindows(r.orgId),
    gsi1sk: `${r.opensAt}#${r.publicityId}`,
    gsi2pk: duePublicityClose,
    gsi2sk: `${r.endsAt}#${r.publicityId}`,
  };
}

/** N 第十九条 / BJ 第十五条 / GX 七（六）: a disqualified nominee may not be listed again in the same year's title. */
async function refuseDisqualified(deps: Pick<PublicityDeps, 'db' | 'table'>, listed: readonly Listed[], year: number): Promise<void> {
  for (const { entry: e, path } of listed) {
    const out = await deps.db.send(new GetCommand({ TableName: deps.table, Key: publicityKeys.disqualified(e.nomineeRef, year, e.title) }));
    if (out.Item) throw new DomainError('PUBLICITY.NOMINEE_DISQUALIFIED', { details: [{ path, message: `「${e.nomineeName}」已因${String(out.Item.reason)}被取消资格，不得再次申报（${String(out.Item.citation)}）` }] });
  }
}

/**
 * A late addition to a list (e.g. a substitute for a nominee who dropped out). Refused after a disqualification
 * when the ruleset bars substitutes: the disqualified nominee's quota place is cancelled, not refilled.
 *
 * Issue 14: the late nominee is listed for a full window of its own, counted on the same calendar from when it goes
 * up, and the list stays open until its last entry's end — the clock then moves every entry at once, each at or
 * after its own end. One close per list keeps the clock, the report kinds and the campaign's reading of a window as
 * they are. The list's item is the version: the addition is conditional on the list as read (its end and its entry
 * count), so two additions at once, or an addition racing the close, end in one winner and a 409, never a 500.
 */
export async function addEntry(deps: PublicityDeps, session: Session, publicityId: string, input: PublicityEntryInput): Promise<PublicityView> {
  forgetPublicList(); // a Lambda container serves one request at a time: the next list read is fresh
  const found = await getPublicity(deps, publicityId);
  if (!found) throw new DomainError('PUBLICITY.NOT_FOUND');
  const { record, entries } = found;
  const org = await orgOf(deps, record.orgId);
  const actor = await requireScope(deps.directory, session, publishers[record.level], org);
  const now = deps.now();
  if (record.closed || statusOf(record, now) === 'closed') throw new DomainError('PUBLICITY.CLOSED');
  const ruleset = getRuleset(record.rulesetId) as Ruleset;
  if (ruleset.disqualification?.noSubstitute && entries.some((e) => e.status === 'disqualified' && e.title === input.title)) {
    throw new DomainError('PUBLICITY.NO_SUBSTITUTE', { message: `该名单中「${titleLabels[input.title]}」有被取消资格的对象，其名额予以取消，不得递补（${citationText(ruleset.disqualification.citation)}）` });
  }
  const listed = [{ entry: input, path: 'nomineeRef' }];
  await requireNomineesInScope(deps, org, listed);
  await refuseDisqualified(deps, listed, record.year);
  await refuseUnderReport(deps, listed, record.year);

  // A list scheduled ahead: the late entry opens with it.
  const own = publicityWindow(now.getTime() < Date.parse(record.opensAt) ? new Date(record.opensAt) : now, record.workingDays, deps.calendar);
  const count = record.entryCount ?? entries.length;
  const entry: EntryRecord = { ...input, entryId: entryIdOf(count + 1), status: 'listed', openReports: 0, opensAt: own.opensAt.toISOString(), endsAt: own.endsAt.toISOString() };
  const extended = own.endsAt.getTime() > Date.parse(record.endsAt);
  const next: PublicityRecord = {
    ...record,
    entryCount: count + 1,
    lastEntryOpensAt: own.opensAt.toISOString(),
    ...(extended ? { endsAt: own.endsAt.toISOString(), provisional: own.provisional, calendarStamp: deps.calendar.stamp() } : {}),
  };
  const rule = ruleset.publicity.find((p) => p.level === record.level);
  const asRead = windowAsRead(record);
  try {
    await commitWithNotices(
      deps.db,
      deps.table,
      {
        writes: [
          {
            Update: {
              TableName: deps.table,
              Key: publicityKeys.publicity(publicityId),
              UpdateExpression: 'SET entryCount = :n, lastEntryOpensAt = :last, endsAt = :end, provisional = :p, calendarStamp = :stamp, gsi2sk = :due',
              ConditionExpression: asRead.condition,
              ExpressionAttributeValues: {
                ':n': next.entryCount,
                ':last': next.lastEntryOpensAt,
                ':end': next.endsAt,
                ':p': next.provisional === true,
                ':stamp': next.calendarStamp ?? null,
                ':due': `${next.endsAt}#${publicityId}`,
                ...asRead.values,
              },
            },
          },
          ...entryWrites(deps.table, record, entry, 'attribute_not_exists(pk)'),
        ],
        audit: [
          {
            subjectType: 'publicity',
            subjectId: publicityId,
            scopePath: record.orgPath,
            action: 'publicity.entryAdded',
            actor: { memberId: actor.memberId, role: actor.role },
            ...(rule ? { citation: rule.citation } : {}),
            data: { entryId: entry.entryId, nominee: entry.nomineeName, nomineeRef: entry.nomineeRef, title: entry.title, opensAt: entry.opensAt, endsAt: entry.endsAt, listEndsAt: next.endsAt, extended },
          },
        ],
      },
      now,
    );
  } catch (error) {
    if (!(error instanceof ChangeRefused)) throw error;
    const current = await getPublicity(deps, publicityId);
    if (!current || current.record.closed || statusOf(current.record, deps.now()) === 'closed') throw new DomainError('PUBLICITY.CLOSED', { cause: error });
    throw new DomainError('PUBLICITY.CHANGED_MEANWHILE', { cause: error });
  }
  return viewOf(deps, next, [...entries, entry]);
}

/**
 * GET /v1/publicities is public and unthrottled (issue 15: 51 consistent reads per call). Per Lambda container, the
 * list's windows are kept `publicListCache.windowsMs` (one eventually consistent Query per period, whoever calls) and
 * the entry counts of windows stored without one `publicListCache.countsMs` (their entries read at most once per
 * period). Status and days left are worked out on every call from the product's clock, so they are never stale; a
 * window opened or extended elsewhere shows within the first period, one opened in this container at once.
 */
export const publicListCache = { windowsMs: 5_000, countsMs: 60_000 };
let cachedWindows: { table: string; until: number; records: Promise<PublicityRecord[]> } | undefined;
const cachedCounts = new Map<string, { until: number; count: Promise<number> }>();
/** Forgets the cached public list (a window was opened, extended or closed in this container). */
export function forgetPublicList(): void {
  cachedWindows = undefined;
  cachedCounts.clear();
}

function publicRecords(deps: PublicityDeps, at: number): Promise<PublicityRecord[]> {
  if (cachedWindows && cachedWindows.table === deps.table && at < cachedWindows.until && at >= cachedWindows.until - publicListCache.windowsMs) return cachedWindows.records;
  const records = deps.db
    .send(new QueryCommand({ TableName: deps.table, IndexName: 'byParent', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': publicityKeys.publicWindows }, ScanIndexForward: false, Limit: 50 }))
    .then((out) => (out.Items ?? []).map(toPublicity));
  const entry = { table: deps.table, until: at + publicListCache.windowsMs, records };
  cachedWindows = entry;
  records.catch(() => cachedWindows === entry && (cachedWindows = undefined));
  return records;
}

function storedEntryCount(deps: PublicityDeps, r: PublicityRecord, at: number): Promise<number> | number {
  if (r.entryCount !== undefined) return r.entryCount;
  const key = `${deps.table}#${r.publicityId}`;
  const hit = cachedCounts.get(key);
  if (hit && at < hit.until && at >= hit.until - publicListCache.countsMs) return hit.count;
  const count = entriesOf(deps, r.publicityId).then((e) => e.length);
  cachedCounts.set(key, { until: at + publicListCache.countsMs, count });
  count.catch(() => cachedCounts.delete(key));
  return count;
}

export async function publicWindows(deps: PublicityDeps): Promise<PublicityListResponse> {
  const now = deps.now();
  const records = await publicRecords(deps, now.getTime());
  // The stored count where the window has one; older windows are counted by reading their entries (cached).
  const counts = await Promise.all(records.map((r) => storedEntryCount(deps, r, now.getTime())));
  return {
    publicities: records
      .filter((r) => now.getTime() >= Date.parse(r.opensAt) - 0)
      .map((r, i) => ({ ...headerOf(deps, r, now), entryCount: counts[i] ?? 0 })),
  };
}

/** One window: public ones to anyone; unit-level ones to the union's members and to roles in scope. */
export async function readPublicity(deps: PublicityDeps, session: Session | undefined, publicityId: string): Promise<PublicityView> {
  const found = await getPublicity(deps, publicityId);
  if (!found) throw new DomainError('PUBLICITY.NOT_FOUND');
  await requireAudience(deps, session, found.record);
  return viewOf(deps, found.record, found.entries);
}

export async function requireAudience(deps: PublicityDeps, session: Session | undefined, record: PublicityRecord): Promise<void> {
  if (record.audience === 'public') return;
  if (!session?.memberId) throw new DomainError('PUBLICITY.MEMBERS_ONLY');
  const member = await deps.directory.getMember(session.memberId);
  if (member?.orgId === record.orgId) return;
  await requireScope(deps.directory, session, ['chair', 'viceChair', 'reviewer', 'organiser', 'investigator'], await orgOf(deps, record.orgId)).catch(() => {
    throw new DomainError('PUBLICITY.MEMBERS_ONLY');
  });
}

export async function getPublicity(deps: Pick<PublicityDeps, 'db' | 'table'>, publicityId: string): Promise<{ record: PublicityRecord; entries: EntryRecord[] } | undefined> {
  const out = await deps.db.send(new GetCommand({ TableName: deps.table, Key: publicityKeys.publicity(publicityId), ConsistentRead: true }));
  if (out.Item?.entity !== 'publicity') return undefined;
  return { record: toPublicity(out.Item), entries: await entriesOf(deps, publicityId) };
}

export async function entriesOf(deps: Pick<PublicityDeps, 'db' | 'table'>, publicityId: string): Promise<EntryRecord[]> {
  const out = await deps.db.send(
    new QueryCommand({
      TableName: deps.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
      ExpressionAttributeValues: { ':pk': publicityKeys.publicity(publicityId).pk, ':e': 'ENTRY#' },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).map(toEntry);
}

export function toPublicity(item: Item): PublicityRecord {
  return {
    publicityId: String(item.publicityId),
    level: item.level as PublicityLevel,
    heading: String(item.heading),
    orgId: String(item.orgId),
    orgName: String(item.orgName),
    orgPath: String(item.orgPath),
    rulesetId: String(item.rulesetId),
    year: Number(item.year),
    audience: item.audience === 'members' ? 'members' : 'public',
    opensAt: String(item.opensAt),
    endsAt: String(item.endsAt),
    workingDays: Number(item.workingDays),
    lengthSource: lengthSourceOf(item),
    provisional: item.provisional === true,
    ...(typeof item.calendarStamp === 'string' ? { calendarStamp: item.calendarStamp } : {}),
    citation: String(item.citation),
    closed: item.closed === true,
    publishedBy: String(item.publishedBy),
    ...(item.campaignId ? { campaignId: String(item.campaignId) } : {}),
    ...(typeof item.entryCount === 'number' ? { entryCount: item.entryCount } : {}),
    ...(typeof item.lastEntryOpensAt === 'string' ? { lastEntryOpensAt: item.lastEntryOpensAt } : {}),
  };
}

export function toEntry(item: Item): EntryRecord {
  return {
    entryId: String(item.entryId),
    nomineeName: String(item.nomineeName),
    unitName: String(item.unitName),
    title: item.title as EntryRecord['title'],
    summary: String(item.summary),
    nomineeRef: String(item.nomineeRef),
    status: item.status as EntryRecord['status'],
    openReports: Number(item.openReports ?? 0),
    ...(item.upheldReports ? { upheldReports: Number(item.upheldReports) } : {}),
    ...(item.applicationId ? { applicationId: String(item.applicationId) } : {}),
    ...(typeof item.opensAt === 'string' ? { opensAt: item.opensAt } : {}),
    ...(typeof item.endsAt === 'string' ? { endsAt: item.endsAt } : {}),
  };
}

/** Who set a window's length; windows stored before it was recorded take it from their ruleset and length. */
function lengthSourceOf(item: Item): WindowLengthSource {
  if ((windowLengthSources as readonly unknown[]).includes(item.lengthSource)) return item.lengthSource as WindowLengthSource;
  const rule = getRuleset(String(item.rulesetId))?.publicity.find((p) => p.level === item.level);
  if (!rule || rule.minWorkingDays !== undefined) return 'ruleset';
  return Number(item.workingDays) === systemDefaultWorkingDays ? 'systemDefault' : 'publisher';
}

export function statusOf(record: Pick<PublicityRecord, 'opensAt' | 'endsAt'>, now: Date): PublicityStatus {
  if (now.getTime() < Date.parse(record.opensAt)) return 'scheduled';
  return now.getTime() < Date.parse(record.endsAt) ? 'open' : 'closed';
}

function headerOf(deps: Pick<PublicityDeps, 'calendar'>, r: PublicityRecord, now: Date): Omit<PublicityView, 'entries'> {
  return {
    publicityId: r.publicityId,
    level: r.level,
    levelLabel: publicityLevelLabels[r.level],
    heading: r.heading,
    orgId: r.orgId,
    orgName: r.orgName,
    rulesetId: r.rulesetId,
    year: r.year,
    audience: r.audience,
    opensAt: r.opensAt,
    endsAt: r.endsAt,
    workingDays: r.workingDays,
    lengthSource: r.lengthSource ?? 'ruleset',
    workingDaysLeft: workingDaysLeft(now, new Date(r.endsAt), deps.calendar),
    provisional: r.provisional === true,
    status: statusOf(r, now),
    citation: r.citation,
  };
}

/** An entry as shown, with its own window (entries stored before issue 14 have the list's). */
export function entryView(e: EntryRecord, list: Pick<PublicityRecord, 'opensAt' | 'endsAt'>): PublicityEntryView {
  return {
    entryId: e.entryId,
    nomineeName: e.nomineeName,
    unitName: e.unitName,
    title: e.title,
    titleLabel: titleLabels[e.title],
    summary: e.summary,
    status: e.status,
    opensAt: e.opensAt ?? list.opensAt,
    endsAt: e.endsAt ?? list.endsAt,
  };
}

export function viewOf(deps: Pick<PublicityDeps, 'calendar' | 'now'>, r: PublicityRecord, entries: readonly EntryRecord[]): PublicityView {
  return { ...headerOf(deps, r, deps.now()), entries: entries.map((e) => entryView(e, r)) };
}

// ---------------------------------------------------------------------------------------------------------------
// Closing (clock)

/**
 * DESIGN.md invariant 5: at its end the clock closes a window once (conditional on its due marker), moves each
 * listed nominee on (公示无异议) except those with a report still open or found true, which wait (待核查), and tells
 * the reviewers. Safe to run twice at once: the close and every entry move are conditional.
 */
export async function closeDuePublicities(deps: PublicityDeps, now: Date): Promise<number> {
  const out = await deps.db.send(
    new QueryCommand({
      TableName: deps.table,
      IndexName: 'byDueTime',
      KeyConditionExpression: 'gsi2pk = :due AND gsi2sk <= :now',
      ExpressionAttributeValues: { ':due': duePublicityClose, ':now': `${now.toISOString()}#~` },
    }),
  );
  let closed = 0;
  for (const item of out.Items ?? []) if (await closePublicity(deps, String(item.publicityId), now)) closed += 1;
  return closed;
}

export async function closePublicity(deps: PublicityDeps, publicityId: string, now: Date): Promise<boolean> {
  forgetPublicList(); // a Lambda container serves one request at a time: the next list read is fresh
  const found = await getPublicity(deps, publicityId);
  // The list's end is its last entry's (addEntry moves it in the same transaction): every entry is moved on at or
  // after its own end.
  if (!found || found.record.closed || now.getTime() < Date.parse(found.record.endsAt)) return false;
  const { record, entries } = found;
  const reviewers = await reviewersFor(deps, record);
  const notices: NoticeDraft[] = reviewers.map((memberId) => ({
    eventId: `publicity#${publicityId}#closed`,
    recipientId: memberId,
    templateKey: 'publicity.closed',
    params: { heading: record.heading, held: String(entries.filter((e) => e.status === 'listed' && e.openReports > 0).length) },
  }));
  try {
    await commitWithNotices(
      deps.db,
      deps.table,
      {
        writes: [
          {
            Update: {
              TableName: deps.table,
              Key: publicityKeys.publicity(publicityId),
              UpdateExpression: 'SET closed = :true REMOVE gsi2pk, gsi2sk',
              // The list as read: not extended or added to meanwhile (addEntry), else the next run closes it.
              ConditionExpression: windowAsRead(record).condition,
              ExpressionAttributeValues: { ':true': true, ...windowAsRead(record).values },
            },
          },
        ],
        notices,
        audit: [
          {
            subjectType: 'publicity',
            subjectId: publicityId,
            scopePath: record.orgPath,
            action: 'publicity.closed',
            actor: { memberId: 'system', role: 'system' },
            data: { endsAt: record.endsAt, cleared: entries.filter((e) => e.status === 'listed' && e.openReports === 0).map((e) => e.nomineeName), held: entries.filter((e) => e.status === 'listed' && e.openReports > 0).map((e) => e.nomineeName) },
          },
        ],
      },
      now,
    );
  } catch (error) {
    if (error instanceof ChangeRefused) return false;
    throw error;
  }
  // Each entry moves once, whoever gets there first; a report filed meanwhile is a supervision report. A finding
  // recorded between the read and the move changes the count: the entry is read again and moved on what it says.
  for (const e of entries) await moveOnAtClose(deps, publicityId, e);
  return true;
}

async function moveOnAtClose(deps: Pick<PublicityDeps, 'db' | 'table'>, publicityId: string, read: EntryRecord): Promise<void> {
  let e: EntryRecord | undefined = read;
  for (let attempt = 0; e?.status === 'listed' && attempt < 3; attempt += 1) {
    try {
      await deps.db.send(
        new UpdateCommand({
          TableName: deps.table,
          Key: publicityKeys.entry(publicityId, e.entryId),
          UpdateExpression: 'SET #s = :next',
          ConditionExpression: '#s = :listed AND openReports = :n',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':next': e.openReports > 0 ? 'held' : 'cleared', ':listed': 'listed', ':n': e.openReports },
        }),
      );
      return;
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
      const again: { Item?: Record<string, unknown> } = await deps.db.send(new GetCommand({ TableName: deps.table, Key: publicityKeys.entry(publicityId, e.entryId), ConsistentRead: true }));
      e = again.Item ? toEntry(again.Item) : undefined;
    }
  }
}

/** Unit level: the reviewers of the federation above the union; other levels: the publishing federation's. */
async function reviewersFor(deps: PublicityDeps, record: PublicityRecord): Promise<string[]> {
  const org = await orgOf(deps, record.orgId);
  const target = record.level === 'unit' ? org.parentId : org.orgId;
  if (!target) return [];
  const holders = await dynamoRoleBook(deps.db, deps.table).holdersOf(target);
  return holders.filter((h) => h.role === 'reviewer' || h.role === 'organiser').map((h) => h.memberId).slice(0, 30);
}

export const orgOf = (deps: Pick<PublicityDeps, 'directory'>, orgId: string): Promise<Org> => requireOrg(deps.directory, orgId);

export const invalid = fieldError;

export { rootIdOf, BatchGetCommand };
export type { OpenPublicityRequest };
