import { GetCommand, UpdateCommand } from '../storage/document-client';
import { publicityKeys } from '../publicity/publicity-items';
import { scheduleRechecks } from '../honours/recheck-schedule';
import { getRuleset } from '@config/rulesets';
import { rootIdOf } from '@shared/domain/org-tree';
import { DomainError } from '@shared/errors';
import { formatShanghaiDate } from '@shared/calendar/shanghai-date';
import { titleLabels, type TitleCode } from '@shared/rules/titles';
import type { Session } from '../auth/session-token';
import { ChangeRefused, commitWithNotices, type TransactItem } from '../notify/outbox';
import { requireScope, type Actor } from '../scope/scope';
import { queryAll } from '../storage/dynamo';
import { batchGet, getApplications } from './batch-reads';
import { readTallies, requireWithinTotals, tallyWrites } from './award-totals';
import { requireClearedInFinal } from './campaign-publicity';
import { campaignKeys, type ApplicationRecord, type CampaignRecord } from './campaign-items';
import { getCampaign, orgOf, type CampaignDeps } from './campaigns';
import { registerAttributes, registerFieldsFor, type RegisterFields } from '../honours/register-items';

export interface Honour {
  certificateNo: string;
  applicationId: string;
  title: string;
  nomineeName: string;
  year: number;
  awardedAt: string;
}

/**
 * Honours per transaction: the counter, 47 honours each with its application, the award tallies of the ruleset's fixed
 * numbers (at most 2: campaign and year) and the audit event (2 items) — 99 of 100.
 */
const awardChunk = 47;

/**
 * The organiser's final decision: each recommended application becomes an honour with a certificate number
 * (`<RULESET>-<year>-<seq>`, one sequence per series whatever the campaign). Any size, written in chunks of 47, each
 * ONE transaction holding the series counter (moved on from the value it was read at), the honours, their
 * applications (recommended → awarded, version-checked, the number kept on the application), the tallies of the
 * ruleset's fixed numbers (秦皇岛 第十一条, 焦作 一、: refused with 409 above them, award-totals.ts) and the audit event.
 * A number is taken only by the transaction that writes its honour, so the numbers have no gap and no repeat whatever
 * fails; a decision cut off half-way is finished by making it again (the applications already awarded keep their
 * numbers), and two decisions at once take turns on the counter. Everything is checked before the first write: bad
 * input issues nothing.
 */
export async function decideCampaign(deps: CampaignDeps, session: Session, campaignId: string, applicationIds: readonly string[], reason: string): Promise<Honour[]> {
  const campaign = await getCampaign(deps, campaignId);
  const awardingOrg = await orgOf(deps, campaign.orgId);
  const actor = await requireScope(deps.directory, session, ['organiser'], awardingOrg);
  const ids = [...new Set(applicationIds)];
  const pending: ApplicationRecord[] = [];
  for (const a of await getApplications(deps, ids)) {
    // Issued by an earlier run of this decision that was cut off, or by one running beside it.
    if (a.campaignId === campaignId && a.status === 'awarded' && a.certificateNo) continue;
    if (a.campaignId !== campaignId || a.status !== 'recommended') throw new DomainError('APPLICATION.WRONG_STATE', { message: `「${a.nominee.name}」尚未由推荐单位上报，或已处理` });
    pending.push(a);
  }
  // A report found true in a publicity (forged material, improper procedure) bars the award: N 第十九条 and alike.
  const barredKey = (a: ApplicationRecord) => publicityKeys.disqualified(a.nominee.id, campaign.year, a.title);
  const barred = await batchGet(deps.db, deps.table, pending.map(barredKey));
  for (const a of pending) {
    const key = barredKey(a);
    const found = barred.get(`${key.pk}#${key.sk}`);
    if (found) throw new DomainError('APPLICATION.NOMINEE_DISQUALIFIED', { message: `「${a.nominee.name}」已因${String(found.reason)}被取消资格，不能授予` });
  }
  requireWithinTotals(campaign, await readTallies(deps, campaign), pending);
  await requireClearedInFinal(deps, campaign, pending);
  const series = seriesOf(campaign);
  // 管理档案 (总工办发〔2020〕15号 第二十二条（二）): each honour enters the register with its holder and first event.
  const register = await registerFieldsFor(deps, campaign, awardingOrg, pending, { at: deps.now().toISOString(), by: actor.memberId, note: reason });
  for (let i = 0; i < pending.length; i += awardChunk) await award(deps, campaign, series, actor, pending.slice(i, i + awardChunk), reason, register);
  // Its holders are re-checked every year from the first full year after the award (functions/honours/recheck-schedule.ts).
  if (pending.length > 0) await scheduleRechecks(deps, rootIdOf(campaign.orgPath), Number(formatShanghaiDate(deps.now()).slice(0, 4)));
  if (campaign.status !== 'decided') {
    await deps.db.send(new UpdateCommand({ TableName: deps.table, Key: campaignKeys.campaign(campaignId), UpdateExpression: 'SET #s = :decided', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':decided': 'decided' } }));
  }
  return honoursOfApplications(deps, ids);
}

/**
 * One chunk: numbers n+1… from the counter as read, in the transaction that writes their honours. A lost race (another
 * decision took the numbers, or awarded some of these) reads again and retries; after five tries it is a 409.
 */
async function award(deps: CampaignDeps, campaign: CampaignRecord, series: string, actor: Actor, chunk: ApplicationRecord[], reason: string, register: Map<string, RegisterFields>): Promise<void> {
  const ruleset = getRuleset(campaign.rulesetId);
  let apps = chunk;
  for (let attempt = 1; ; attempt += 1) {
    const counter = await deps.db.send(new GetCommand({ TableName: deps.table, Key: campaignKeys.certificateSeries(series), ConsistentRead: true }));
    const started = counter.Item !== undefined;
    const last = started ? Number(counter.Item?.n) : await legacyNumbersOf(deps, campaign);
    // The fixed numbers, checked again on every try: the transaction moves each tally only from the version read here.
    const tallies = await readTallies(deps, campaign);
    requireWithinTotals(campaign, tallies, apps);
    const at = deps.now().toISOString();
    const honours: Honour[] = apps.map((a, i) => ({ certificateNo: `${series}-${String(last + i + 1).padStart(4, '0')}`, applicationId: a.applicationId, title: titleLabels[a.title], nomineeName: a.nominee.name, year: campaign.year, awardedAt: at }));
    const writes: TransactItem[] = [
      {
        Update: {
          TableName: deps.table,
          Key: campaignKeys.certificateSeries(series),
          UpdateExpression: 'SET n = :next',
          ConditionExpression: started ? 'n = :last' : 'attribute_not_exists(pk)',
          ExpressionAttributeValues: { ':next': last + apps.length, ...(started ? { ':last': last } : {}) },
        },
      },
    ];
    writes.push(...tallyWrites(deps.table, tallies, apps));
    apps.forEach((a, i) => {
      const honour = honours[i] as Honour;
      const fields = register.get(a.applicationId) as RegisterFields;
      const inRegister = registerAttributes({ ...fields, history: fields.history.map((e) => ({ ...e, at })) }, honour.year, honour.certificateNo);
      writes.push({ Put: { TableName: deps.table, Item: { ...campaignKeys.honour(honour.certificateNo), entity: 'honour', ...honour, campaignId: campaign.campaignId, nomineeId: a.nominee.id, titleCode: a.title, gsi1pk: `HONOURS#${campaign.campaignId}`, gsi1sk: honour.certificateNo, ...inRegister }, ConditionExpression: 'attribute_not_exists(pk)' } });
      writes.push({
        Update: {
          TableName: deps.table,
          Key: campaignKeys.application(a.applicationId),
          UpdateExpression: 'SET #s = :awarded, certificateNo = :no, version = version + :one, gsi1sk = :k',
          ConditionExpression: '#s = :rec AND version = :v',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':awarded': 'awarded', ':no': honour.certificateNo, ':one': 1, ':k': `awarded#${campaign.campaignId}#${a.applicationId}`, ':rec': 'recommended', ':v': a.version },
        },
      });
    });
    try {
      await commitWithNotices(
        deps.db,
        deps.table,
        {
          writes,
          audit: [{ subjectType: 'campaign', subjectId: campaign.campaignId, scopePath: campaign.orgPath, action: 'honour.awarded', actor: { memberId: actor.memberId, role: actor.role }, reason, ...(ruleset ? { citation: { doc: ruleset.citationDoc, article: '决定' } } : {}), data: { honours: honours.map((h) => `${h.certificateNo} ${h.nomineeName}`) } }],
        },
        deps.now(),
      );
      return;
    } catch (error) {
      if (!(error instanceof ChangeRefused)) throw error;
      if (attempt >= 5) throw new DomainError('APPLICATION.CHANGED_MEANWHILE', { cause: error });
    }
    const fresh = await getApplications(deps, apps.map((a) => a.applicationId));
    if (fresh.some((a) => a.status !== 'recommended' && !(a.status === 'awarded' && a.certificateNo))) throw new DomainError('APPLICATION.CHANGED_MEANWHILE');
    apps = fresh.filter((a) => a.status === 'recommended');
    if (apps.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 50 * attempt));
  }
}

/** The printed prefix of a campaign's certificates, and the series its counter numbers. */
const seriesOf = (campaign: CampaignRecord): string => `${campaign.rulesetId.toUpperCase()}-${campaign.year}`;

/**
 * Where a series starts when its counter is new: after the numbers campaigns of the same ruleset and year took from
 * their own counters before issue 14 (zero on a new table), so no number is printed twice.
 */
async function legacyNumbersOf(deps: CampaignDeps, campaign: CampaignRecord): Promise<number> {
  const campaigns = await queryAll(deps.db, { TableName: deps.table, IndexName: 'byParent', KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :y)', ExpressionAttributeValues: { ':p': campaignKeys.campaignsOf(rootIdOf(campaign.orgPath)), ':y': `${campaign.year}#` } });
  const same = campaigns.filter((c) => c.rulesetId === campaign.rulesetId).map((c) => campaignKeys.certificateCounter(String(c.campaignId)));
  const counters = await batchGet(deps.db, deps.table, same);
  return Math.max(0, ...[...counters.values()].map((c) => Number(c.n ?? 0)));
}

/** The honours of these applications, in their order, read by the number each application keeps. */
async function honoursOfApplications(deps: CampaignDeps, applicationIds: readonly string[]): Promise<Honour[]> {
  const apps = await getApplications(deps, applicationIds);
  const found = await batchGet(deps.db, deps.table, apps.map((a) => campaignKeys.honour(String(a.certificateNo))));
  return apps.map((a) => {
    const key = campaignKeys.honour(String(a.certificateNo));
    const item = found.get(`${key.pk}#${key.sk}`);
    if (!item) throw new Error(`honour ${String(a.certificateNo)} of ${a.applicationId} is missing`);
    return honourOf(item);
  });
}

const honourOf = (i: Record<string, unknown>): Honour => ({ certificateNo: String(i.certificateNo), applicationId: String(i.applicationId), title: String(i.title), nomineeName: String(i.nomineeName), year: Number(i.year), awardedAt: String(i.awardedAt) });

/** The campaign's honours in certificate order: the final list (printable page) — public once decided. */
export async function honoursOf(deps: CampaignDeps, campaignId: string): Promise<Honour[]> {
  await getCampaign(deps, campaignId);
  const items = await queryAll(deps.db, { TableName: deps.table, IndexName: 'byParent', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': `HONOURS#${campaignId}` } });
  return items.map(honourOf);
}

/** A title held: by whom (an org's or a member's id), which, since which year, under which certificate. */
export interface TitleHeld {
  nomineeId: string;
  title: TitleCode;
  /** The Beijing year of the award: 动态管理 counts only the years after it. */
  awardedYear: number;
  certificateNo: string;
}

/**
 * Who holds which title from the campaigns of one ruleset in a federation tree (动态管理: revocation flags are raised
 * for holders only). Read campaign by campaign (CAMPAIGNS#<root> → HONOURS#<campaign>), so every honour ever written
 * is found; a tree runs a handful of campaigns per ruleset. An honour revoked or recalled is no longer held.
 */
export async function titlesHeldBy(deps: Pick<CampaignDeps, 'db' | 'table'>, rootId: string, rulesetId: string, nomineeIds: readonly string[]): Promise<TitleHeld[]> {
  const wanted = new Set(nomineeIds);
  const campaigns = await queryAll(deps.db, { TableName: deps.table, IndexName: 'byParent', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': campaignKeys.campaignsOf(rootId) } });
  const honours = await Promise.all(
    campaigns
      .filter((c) => c.rulesetId === rulesetId)
      .map((c) => queryAll(deps.db, { TableName: deps.table, IndexName: 'byParent', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': `HONOURS#${String(c.campaignId)}` } })),
  );
  return honours
    .flat()
    .filter((h) => wanted.has(String(h.nomineeId)) && h.status !== 'revoked' && h.status !== 'recalled')
    .map((h) => ({ nomineeId: String(h.nomineeId), title: h.titleCode as TitleCode, awardedYear: Number(formatShanghaiDate(new Date(String(h.awardedAt))).slice(0, 4)), certificateNo: String(h.certificateNo) }));
}
