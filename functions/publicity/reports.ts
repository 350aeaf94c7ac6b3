import { createHash, randomInt } from 'node:crypto';
import { GetCommand, QueryCommand } from '../storage/document-client';
import { getRuleset } from '@config/rulesets';
import { forgedMaterial, improperProcedure, reportCategoriesOf } from '@shared/publicity/report-categories';
import { reportStatusLabels, type FileReportResponse, type FollowUpResponse, type ReportFormResponse, type fileReportRequest, type followUpMessageRequest } from '@shared/api/publicity';
import { DomainError } from '@shared/errors';
import { rootIdOf } from '@shared/domain/org-tree';
import type { Ruleset } from '@shared/rules/ruleset-schema';
import type * as z from 'zod';
import type { Session } from '../auth/session-token';
import { commitWithNotices, type TransactItem } from '../notify/outbox';
import type { NoticeDraft } from '../notify/notice';
import { dynamoRoleBook } from '../orgs/dynamo-org-store';
import { entryView, getPublicity, requireAudience, statusOf, type PublicityDeps } from './publicities';
import { publicityKeys, type EntryRecord, type PublicityRecord, type ReportRecord } from './publicity-items';
import { cleanEvidenceImages } from './image-metadata';
import { takeAll } from './rate-limit';
import { seal, type KeyWrapper } from './reporter-envelope';

/** 20 symbols from 31 (no look-alikes): ~99 bits, shown once, stored only as a hash. */
const receiptAlphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const newReceipt = (): string => Array.from({ length: 20 }, () => receiptAlphabet[randomInt(receiptAlphabet.length)]).join('');
export const receiptHash = (receipt: string): string => createHash('sha256').update(`report-receipt\u0000${receipt}`).digest('hex');
const hashOf = (value: string): string => createHash('sha256').update(value).digest('hex').slice(0, 32);

type Item = Record<string, unknown>;

async function publicityAndEntry(deps: PublicityDeps, publicityId: string, entryId: string): Promise<{ record: PublicityRecord; entry: EntryRecord; ruleset: Ruleset }> {
  const found = await getPublicity(deps, publicityId);
  if (!found) throw new DomainError('PUBLICITY.NOT_FOUND');
  const entry = found.entries.find((e) => e.entryId === entryId);
  if (!entry) throw new DomainError('PUBLICITY.ENTRY_NOT_FOUND');
  const ruleset = getRuleset(found.record.rulesetId);
  if (!ruleset) throw new Error(`ruleset ${found.record.rulesetId} missing`);
  return { record: found.record, entry, ruleset };
}

/** Issue 7 point 3: while the window is open a report is an objection (异议); after it, a supervision report. */
function kindAt(record: PublicityRecord, now: Date): 'objection' | 'supervision' {
  const status = statusOf(record, now);
  if (status === 'scheduled') throw new DomainError('PUBLICITY.NOT_OPEN');
  return status === 'open' ? 'objection' : 'supervision';
}

const kindExplanations = {
  objection: '公示期内提出的异议：核查结束前，被举报对象暂缓进入下一环节。',
  supervision: '公示期已结束，您的举报将作为监督举报，转交组织评选的工会处理（已授予的荣誉也可依规撤销）。',
};

export async function reportForm(deps: PublicityDeps, session: Session | undefined, publicityId: string, entryId: string): Promise<ReportFormResponse> {
  const { record, entry, ruleset } = await publicityAndEntry(deps, publicityId, entryId);
  await requireAudience(deps, session, record);
  const kind = kindAt(record, deps.now());
  return {
    entry: entryView(entry, record),
    publicityHeading: record.heading,
    categories: reportCategoriesOf(ruleset, entry.title).map(({ id, label, citation }) => ({ id, label, citation })),
    kind,
    kindExplanation: kindExplanations[kind],
  };
}

/**
 * Files a report. Anonymous by default: a logged-in reporter's account is sealed in the envelope like the contact,
 * and so is the member id of one who asks for updates (reporter-notices.ts reaches them only through it).
 * Rate limits per network address and per entry, and per account only for a reporter who asked for updates (an
 * anonymous form takes no account key); personal keys are keyed hashes (rate-limit.ts). A re-sent request (same
 * requestId) files nothing new and answers 已提交 without the receipt: the receipt is shown once, to the first
 * answer, so whoever replays a captured request learns nothing.
 */
export async function fileReport(
  deps: PublicityDeps,
  session: Session | undefined,
  sourceIp: string,
  publicityId: string,
  entryId: string,
  request: z.infer<typeof fileReportRequest> & { notifyMe?: boolean },
): Promise<{ status: 200 | 201; body: FileReportResponse }> {
  const { record, entry, ruleset } = await publicityAndEntry(deps, publicityId, entryId);
  await requireAudience(deps, session, record);
  const now = deps.now();
  const kind = kindAt(record, now);
  const category = reportCategoriesOf(ruleset, entry.title).find((c) => c.id === request.category);
  if (!category) throw new DomainError('REPORT.UNKNOWN_CATEGORY', { details: [{ path: 'category', message: '请从列表中选择举报类别（category）' }] });

  const reportId = `rep-${hashOf(`${publicityId}\u0000${request.requestId}`).slice(0, 20)}`;
  const existing = await getReport(deps, reportId);
  if (existing) return { status: 200, body: { status: '已提交', kind: existing.kind, message: replayMessage } };
  const evidence = cleanEvidenceImages(request.evidence);
  const watcher = session?.memberId && request.notifyMe ? session.memberId : undefined;

  await takeAll(deps.db, deps.table, [
    ...(watcher ? [{ name: 'report#account', subject: watcher, max: 5, windowSeconds: 3600, message: '同一账号每小时最多提交 5 件需要进展通知的举报，请稍后再试' }] : []),
    { name: 'report#ip', subject: sourceIp, max: 10, windowSeconds: 3600, message: '同一网络每小时最多提交 10 件举报，请稍后再试' },
    { name: `report#entry#${publicityId}#${entryId}`, max: 200, windowSeconds: 86400, message: '该公示对象今日收到的举报已达上限，请明日再试' },
  ], now);

  const receipt = newReceipt();
  const { plain, wrapped } = await deps.keys.newDataKey();
  const at = now.toISOString();
  const report: ReportRecord = {
    reportId,
    publicityId,
    entryId,
    nomineeName: entry.nomineeName,
    publicityHeading: record.heading,
    scopePath: record.orgPath,
    kind,
    category: category.id,
    categoryLabel: category.label,
    disqualifying: category.id === forgedMaterial || category.id === improperProcedure,
    description: request.description,
    evidenceCount: evidence.length,
    status: 'received',
    filedAt: at,
    assignedTo: null,
    wrappedKey: wrapped,
    receiptSealed: seal(plain, receipt),
    ...(request.contact ? { contactSealed: seal(plain, request.contact) } : {}),
    ...(session ? { accountSealed: seal(plain, JSON.stringify({ openid: session.openid, memberId: session.memberId })) } : {}),
    ...(watcher ? await sealWatcher(deps.watcherKeys, watcher) : {}),
    finding: null,
  };
  plain.fill(0);
  const writes: TransactItem[] = [
    {
      Put: {
        TableName: deps.table,
        Item: { ...publicityKeys.report(reportId), entity: 'report', ...report, gsi3pk: publicityKeys.reportScope(rootIdOf(record.orgPath)), gsi3sk: `${record.orgPath}#${at}#${reportId}` },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    { Put: { TableName: deps.table, Item: { ...publicityKeys.receipt(receiptHash(receipt)), entity: 'reportReceipt', reportId } } },
    ...evidence.map((image, i): TransactItem => ({ Put: { TableName: deps.table, Item: { ...publicityKeys.evidence(reportId, 'report', i), entity: 'reportEvidence', image } } })),
  ];
  // An objection holds the nominee until it is decided (counted on the entry, read when the window closes).
  if (kind === 'objection') {
    writes.push({
      Update: {
        TableName: deps.table,
        Key: publicityKeys.entry(publicityId, entryId),
        UpdateExpression: 'ADD openReports :one',
        ConditionExpression: '#s = :listed',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':one': 1, ':listed': 'listed' },
      },
    });
  }
  await commitWithNotices(
    deps.db,
    deps.table,
    {
      writes,
      notices: await investigatorNotices(deps, record, entry, reportId, kind),
      audit: [{ subjectType: 'report', subjectId: reportId, scopePath: record.orgPath, action: 'report.filed', actor: { memberId: 'anonymous', role: 'member' }, data: { kind, category: category.id, entryId } }],
    },
    now,
  );
  return {
    status: 201,
    body: {
      status: '已受理',
      receipt: formatReceipt(receipt),
      kind,
      message: kind === 'objection' ? '异议已提交，核查期间被举报对象暂缓进入下一环节' : '监督举报已提交，将转交组织评选的工会处理',
    },
  };
}

const replayMessage = '该举报已提交，无需重复提交。为保护举报人，回执码只在首次提交成功时显示一次；如未保存，可重新填写举报。';

export const formatReceipt = (r: string): string => r.replace(/(.{4})(?=.)/g, '$1-');

/** Investigators on every level from the publishing org up; supervision reports also go to the organisers. */
async function investigatorNotices(deps: PublicityDeps, record: PublicityRecord, entry: EntryRecord, reportId: string, kind: 'objection' | 'supervision'): Promise<NoticeDraft[]> {
  const ids = record.orgPath.split('/').filter(Boolean);
  const roles = kind === 'objection' ? ['investigator'] : ['investigator', 'organiser'];
  const book = dynamoRoleBook(deps.db, deps.table);
  const holders = (await Promise.all(ids.map((id) => book.holdersOf(id)))).flat().filter((h) => roles.includes(h.role));
  return [...new Set(holders.map((h) => h.memberId))].slice(0, 20).map((memberId) => ({
    eventId: `report#${reportId}#filed`,
    recipientId: memberId,
    templateKey: 'report.filed',
    params: { heading: record.heading, nominee: entry.nomineeName, kind: kind === 'objection' ? '公示异议' : '监督举报' },
  }));
}

export async function getReport(deps: Pick<PublicityDeps, 'db' | 'table'>, reportId: string): Promise<ReportRecord | undefined> {
  const out = await deps.db.send(new GetCommand({ TableName: deps.table, Key: publicityKeys.report(reportId), ConsistentRead: true }));
  return out.Item?.entity === 'report' ? (out.Item as unknown as ReportRecord) : undefined;
}

async function reportByReceipt(deps: PublicityDeps, receipt: string): Promise<ReportRecord> {
  const out = await deps.db.send(new GetCommand({ TableName: deps.table, Key: publicityKeys.receipt(receiptHash(receipt)) }));
  const report = out.Item ? await getReport(deps, String(out.Item.reportId)) : undefined;
  if (!report) throw new DomainError('REPORT.NOT_FOUND');
  return report;
}

export async function threadOf(deps: Pick<PublicityDeps, 'db' | 'table'>, reportId: string): Promise<{ from: 'reporter' | 'investigator' | 'system'; text: string; evidenceCount: number; at: string }[]> {
  const out = await deps.db.send(
    new QueryCommand({ TableName: deps.table, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :m)', ExpressionAttributeValues: { ':pk': publicityKeys.report(reportId).pk, ':m': 'MSG#' }, ConsistentRead: true }),
  );
  return (out.Items ?? []).map((m: Item) => ({ from: m.from === 'investigator' || m.from === 'system' ? m.from : 'reporter', text: String(m.text), evidenceCount: Number(m.evidenceCount ?? 0), at: String(m.at) }));
}

/** The reporter's page: status, thread and finding — by receipt alone, revealing nothing of who filed it. */
export async function followUp(deps: PublicityDeps, sourceIp: string, receipt: string): Promise<FollowUpResponse> {
  // Guessing receipts is hopeless (~99 bits) but is still throttled per network address.
  await takeAll(deps.db, deps.table, [{ name: 'followup#ip', subject: sourceIp, max: 60, windowSeconds: 3600, message: '查询过于频繁，请稍后再试' }], deps.now());
  const report = await reportByReceipt(deps, receipt);
  return {
    kind: report.kind,
    status: report.status,
    statusLabel: reportStatusLabels[report.status],
    nomineeName: report.nomineeName,
    publicityHeading: report.publicityHeading,
    categoryLabel: report.categoryLabel,
    filedAt: report.filedAt,
    messages: await threadOf(deps, report.reportId),
    finding: report.finding ? `${reportStatusLabels[report.finding.outcome]}。${report.finding.reason}（依据：${report.finding.article}）` : null,
    identityDisclosures: report.identityDisclosures ?? [],
  };
}

export async function followUpMessage(deps: PublicityDeps, sourceIp: string, receipt: string, message: z.infer<typeof followUpMessageRequest>): Promise<FollowUpResponse> {
  const report = await reportByReceipt(deps, receipt);
  await takeAll(deps.db, deps.table, [{ name: `followup#report#${report.reportId}`, max: 20, windowSeconds: 3600, message: '留言过于频繁，请稍后再试' }], deps.now());
  await appendMessage(deps, report, 'reporter', message.text, cleanEvidenceImages(message.evidence));
  return followUp(deps, sourceIp, receipt);
}

export async function appendMessage(deps: PublicityDeps, report: ReportRecord, from: 'reporter' | 'investigator', text: string, evidence: readonly string[] = []): Promise<void> {
  const at = deps.now().toISOString();
  const n = String(randomInt(1_000_000)).padStart(6, '0');
  const msgKey = publicityKeys.message(report.reportId, at, n);
  await commitWithNotices(
    deps.db,
    deps.table,
    {
      writes: [
        { Put: { TableName: deps.table, Item: { ...msgKey, entity: 'reportMessage', from, text, evidenceCount: evidence.length, at } } },
        ...evidence.map((image, i): TransactItem => ({ Put: { TableName: deps.table, Item: { ...publicityKeys.evidence(report.reportId, msgKey.sk, i), entity: 'reportEvidence', image } } })),
      ],
    },
    deps.now(),
  );
}

/**
 * A reporter who asked for updates, sealed under a data key of its own (wrapped by the watcher key): the clock can
 * open this to send the updates, and nothing else of the report (issue #15 point 5).
 */
async function sealWatcher(watcherKeys: KeyWrapper, memberId: string): Promise<Pick<ReportRecord, 'watcherKey' | 'watcherSealed'>> {
  const { plain, wrapped } = await watcherKeys.newDataKey();
  try {
    return { watcherKey: wrapped, watcherSealed: seal(plain, memberId) };
  } finally {
    plain.fill(0);
  }
}
