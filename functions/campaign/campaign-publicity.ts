import { UpdateCommand } from '../storage/document-client';
import { getRuleset } from '@config/rulesets';
import type { FinalPublicityResponse, NomineeWindowState } from '@shared/api/campaign';
import type { PublicityView } from '@shared/api/publicity';
import { DomainError } from '@shared/errors';
import type { PublicityLevel, Ruleset } from '@shared/rules/ruleset-schema';
import { citationText } from '@shared/rules/citation';
import { titleLabels } from '@shared/rules/titles';
import { windowLength, windowLengthText } from '@shared/publicity/window-length';
import type { Session } from '../auth/session-token';
import { getPublicity, openPublicity, publicityIdOf, viewOf as publicityViewOf } from '../publicity/publicities';
import type { EntryRecord } from '../publicity/publicity-items';
import { requireScope } from '../scope/scope';
import { queueOf, reviewers } from './applications';
import { campaignKeys, type ApplicationRecord, type CampaignRecord } from './campaign-items';
import { getCampaign, orgOf, type CampaignDeps } from './campaigns';

/**
 * The campaign's own publicity windows, run where its ruleset puts them (`ruleset.publicity`): the recommending
 * unit's list as it goes up (N 第十七条, GX 七、（四）), and the proposed honours list before the organiser decides
 * (N 第二十条第一款, BJ 第十六条, GX 七、（七）, JZ 四、（一）). Each window is an ordinary publicity — the public reads it
 * and may report — whose entries name the applications they list; the clock closes it on the official calendar.
 */
export const rulesetHasWindow = (ruleset: Ruleset, level: PublicityLevel): boolean => ruleset.publicity.some((p) => p.level === level);

/** The window's request id is fixed by the campaign (and unit): opening twice finds the same window. */
const recommendingRequest = (campaignId: string, unitOrgId: string) => `${campaignId}#recommending#${unitOrgId}`;
const finalRequest = (campaignId: string) => `${campaignId}#final`;

async function entriesFor(deps: CampaignDeps, apps: readonly ApplicationRecord[]) {
  const units = await deps.directory.getOrgs([...new Set(apps.map((a) => a.applyingUnitId))]);
  return apps.map((a) => ({
    nomineeName: a.nominee.name,
    unitName: units.get(a.applyingUnitId)?.name ?? a.nominee.name,
    title: a.title,
    summary: a.summary.trim() || `${titleLabels[a.title]}推荐对象`,
    nomineeRef: a.nominee.id,
  }));
}

/** When a recommending unit's list goes up and the ruleset has a recommending-level window: open it (idempotent). */
export async function openRecommendingPublicity(deps: CampaignDeps, session: Session, campaign: CampaignRecord, unit: { orgId: string; quotaName: string }, apps: readonly ApplicationRecord[]): Promise<PublicityView | undefined> {
  const ruleset = getRuleset(campaign.rulesetId) as Ruleset;
  if (!rulesetHasWindow(ruleset, 'recommending') || apps.length === 0) return undefined;
  return openPublicity(
    deps,
    session,
    unit.orgId,
    { requestId: recommendingRequest(campaign.campaignId, unit.orgId), level: 'recommending', rulesetId: campaign.rulesetId, year: campaign.year, heading: `${campaign.heading}·${unit.quotaName}推荐名单公示`, entries: await entriesFor(deps, apps) },
    { campaignId: campaign.campaignId, applicationIds: apps.map((a) => a.applicationId) },
  );
}

/** An entry's effect: cleared (no report, or the objection found untrue), still listed, held, or disqualified. */
function entryState(e: EntryRecord | undefined, closed: boolean): NomineeWindowState {
  if (!e) return 'notListed';
  if (e.status === 'disqualified') return 'disqualified';
  if (e.openReports > 0) return e.status === 'listed' && !closed ? 'listed' : 'held';
  return e.status === 'cleared' || e.status === 'held' || closed ? 'cleared' : 'listed';
}

/** A campaign window as read once: the publicity (if any), whether it has closed, and its entries by application. */
async function windowEntries(deps: CampaignDeps, publicityId: string | undefined): Promise<{ closed: boolean; byApplication: Map<string, EntryRecord>; found: Awaited<ReturnType<typeof getPublicity>> }> {
  const found = publicityId ? await getPublicity(deps, publicityId) : undefined;
  const byApplication = new Map<string, EntryRecord>();
  for (const e of found?.entries ?? []) if (e.applicationId) byApplication.set(e.applicationId, e);
  return { closed: found?.record.closed === true, byApplication, found };
}

/** Where each recommended application stands in the recommending window of its unit (cleared when there is none). */
async function recommendingStates(deps: CampaignDeps, campaign: CampaignRecord, apps: readonly ApplicationRecord[]): Promise<Map<string, NomineeWindowState>> {
  const states = new Map<string, NomineeWindowState>();
  const ruleset = getRuleset(campaign.rulesetId) as Ruleset;
  if (!rulesetHasWindow(ruleset, 'recommending')) {
    for (const a of apps) states.set(a.applicationId, 'cleared');
    return states;
  }
  const windows = new Map<string, Awaited<ReturnType<typeof windowEntries>>>();
  for (const unitId of new Set(apps.map((a) => a.recommendingUnitId))) windows.set(unitId, await windowEntries(deps, publicityIdOf(recommendingRequest(campaign.campaignId, unitId))));
  for (const a of apps) {
    const w = windows.get(a.recommendingUnitId);
    states.set(a.applicationId, w?.found ? entryState(w.byApplication.get(a.applicationId), w.closed) : 'notListed');
  }
  return states;
}

const stateLabels: Record<NomineeWindowState, string> = {
  notListed: '尚未公示',
  listed: '公示中',
  held: '举报待核查',
  cleared: '公示无异议',
  disqualified: '已取消资格',
};

/** The organiser's page: the proposed honours list, each nominee's window state, and the final window if opened. */
export async function finalPublicityOf(deps: CampaignDeps, session: Session, campaignId: string): Promise<FinalPublicityResponse> {
  const campaign = await getCampaign(deps, campaignId);
  await requireScope(deps.directory, session, reviewers, await orgOf(deps, campaign.orgId));
  const ruleset = getRuleset(campaign.rulesetId) as Ruleset;
  const apps = await candidatesOf(deps, session, campaign);
  const recommending = await recommendingStates(deps, campaign, apps);
  const final = await windowEntries(deps, campaign.finalPublicityId);
  const found = final.found;
  const units = await deps.directory.getOrgs([...new Set(apps.map((a) => a.applyingUnitId))]);
  const rule = ruleset.publicity.find((p) => p.level === 'final');
  const planned = rule ? windowLength(rule) : undefined;
  return {
    required: rulesetHasWindow(ruleset, 'final'),
    length:
      rule && planned?.ok
        ? {
            defaultWorkingDays: planned.workingDays,
            source: planned.source,
            minWorkingDays: rule.minWorkingDays ?? null,
            exact: rule.exact,
            text: windowLengthText(planned.workingDays, planned.source),
            basis: `${citationText(rule.citation)}：${rule.description}`,
          }
        : null,
    publicity: found ? publicityViewOf(deps, found.record, found.entries) : null,
    candidates: apps.map((a) => {
      const inRecommending = recommending.get(a.applicationId) ?? 'notListed';
      const inFinal = campaign.finalPublicityId ? entryState(final.byApplication.get(a.applicationId), final.closed) : 'notListed';
      return {
        applicationId: a.applicationId,
        nomineeName: a.nominee.name,
        unitName: units.get(a.applyingUnitId)?.name ?? '',
        title: a.title,
        titleLabel: titleLabels[a.title],
        status: a.status,
        recommending: inRecommending,
        recommendingLabel: rulesetHasWindow(ruleset, 'recommending') ? stateLabels[inRecommending] : '本办法不设推荐单位公示',
        final: inFinal,
        finalLabel: stateLabels[inFinal],
      };
    }),
  };
}

async function candidatesOf(deps: CampaignDeps, session: Session, campaign: CampaignRecord): Promise<ApplicationRecord[]> {
  const [recommended, awarded] = await Promise.all([queueOf(deps, session, campaign.orgId, 'recommended'), queueOf(deps, session, campaign.orgId, 'awarded')]);
  return [...recommended, ...awarded].filter((a) => a.campaignId === campaign.campaignId);
}

/**
 * 拟表彰名单公示: the organiser publishes the recommended applications whose recommending window (where the ruleset
 * has one) has cleared; a nominee disqualified there is left out. Refused while a unit's window is open or holds a
 * report. Idempotent: the campaign keeps the window's id. The organiser may set the working days (`workingDays`):
 * above the ruleset's minimum, or any length where it sets none — the default there is the system's own five
 * (焦作 四、（一）; shared/publicity/window-length.ts).
 */
export async function openFinalPublicity(deps: CampaignDeps, session: Session, campaignId: string, workingDays?: number): Promise<FinalPublicityResponse> {
  const campaign = await getCampaign(deps, campaignId);
  await requireScope(deps.directory, session, ['organiser'], await orgOf(deps, campaign.orgId));
  const ruleset = getRuleset(campaign.rulesetId) as Ruleset;
  if (!rulesetHasWindow(ruleset, 'final')) throw new DomainError('CAMPAIGN.NO_FINAL_PUBLICITY', { message: `${ruleset.name}没有规定终审公示，可直接作出表彰决定` });
  if (campaign.finalPublicityId) return finalPublicityOf(deps, session, campaignId);
  const apps = (await candidatesOf(deps, session, campaign)).filter((a) => a.status === 'recommended');
  const states = await recommendingStates(deps, campaign, apps);
  const waiting = apps.filter((a) => ['notListed', 'listed', 'held'].includes(states.get(a.applicationId) ?? 'notListed'));
  if (waiting.length > 0) {
    throw new DomainError('CAMPAIGN.PUBLICITY_PENDING', {
      message: `推荐单位公示尚未结束，暂不能发布终审公示：${waiting.map((a) => `「${a.nominee.name}」${stateLabels[states.get(a.applicationId) ?? 'notListed']}`).join('；')}`,
    });
  }
  const listed = apps.filter((a) => states.get(a.applicationId) === 'cleared');
  if (listed.length === 0) throw new DomainError('CAMPAIGN.NOTHING_TO_PUBLISH');
  const view = await openPublicity(
    deps,
    session,
    campaign.orgId,
    {
      requestId: finalRequest(campaignId),
      level: 'final',
      rulesetId: campaign.rulesetId,
      year: campaign.year,
      heading: `${campaign.heading}拟表彰名单公示`,
      ...(workingDays === undefined ? {} : { workingDays }),
      entries: await entriesFor(deps, listed),
    },
    { campaignId, applicationIds: listed.map((a) => a.applicationId) },
  );
  await deps.db.send(new UpdateCommand({ TableName: deps.table, Key: campaignKeys.campaign(campaignId), UpdateExpression: 'SET finalPublicityId = if_not_exists(finalPublicityId, :p)', ExpressionAttributeValues: { ':p': view.publicityId } }));
  return finalPublicityOf(deps, session, campaignId);
}

/**
 * Before the decision: where the ruleset has a final window, each honour must have been in it, the window closed,
 * and the nominee cleared — a report still under investigation holds it, one found true disqualifies it.
 */
export async function requireClearedInFinal(deps: CampaignDeps, campaign: CampaignRecord, apps: readonly ApplicationRecord[]): Promise<void> {
  const ruleset = getRuleset(campaign.rulesetId) as Ruleset;
  const rule = ruleset.publicity.find((p) => p.level === 'final');
  if (!rule) return;
  const basis = `（${citationText(rule.citation)}）`;
  if (!campaign.finalPublicityId) throw new DomainError('CAMPAIGN.PUBLICITY_PENDING', { message: `拟表彰名单尚未公示，公示期满后才能作出表彰决定${basis}` });
  const final = await windowEntries(deps, campaign.finalPublicityId);
  if (!final.closed) throw new DomainError('CAMPAIGN.PUBLICITY_PENDING', { message: `拟表彰名单公示尚未期满，期满后才能作出表彰决定${basis}` });
  for (const a of apps) {
    const state = entryState(final.byApplication.get(a.applicationId), true);
    if (state === 'disqualified') throw new DomainError('APPLICATION.NOMINEE_DISQUALIFIED', { message: `「${a.nominee.name}」经公示期举报核查属实，已取消资格，不能授予` });
    if (state === 'held') throw new DomainError('CAMPAIGN.PUBLICITY_PENDING', { message: `「${a.nominee.name}」公示期内的举报尚在核查，核查结束后再作决定` });
    if (state === 'notListed') throw new DomainError('CAMPAIGN.PUBLICITY_PENDING', { message: `「${a.nominee.name}」未经终审公示，不能授予` });
  }
}
