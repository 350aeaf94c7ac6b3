import { GetCommand, QueryCommand } from '../storage/document-client';
import { getRuleset } from '@config/rulesets';
import { registerExportHeaders, honourEventLabels, honourStateLabels, type HonourDetailResponse, type RecheckRecord, type RegisterEntry, type RegisterPageResponse, type registerQuery } from '@shared/api/register';
import { recheckOutcomeLabels } from '@shared/rules/recheck';
import { formatShanghaiDate } from '@shared/calendar/shanghai-date';
import type { Org, Role } from '@shared/domain/org';
import { rootIdOf } from '@shared/domain/org-tree';
import { DomainError, fieldError } from '@shared/errors';
import { titleLabels, type TitleCode } from '@shared/rules/titles';
import type * as z from 'zod';
import type { Session } from '../auth/session-token';
import { campaignKeys } from '../campaign/campaign-items';
import type { CampaignDeps } from '../campaign/campaigns';
import { tablesWorkbook, xlsxContentType } from '../roster/excel';
import { requireScope, requireScopeOn, scopesOf } from '../scope/scope';
import { queryAll } from '../storage/dynamo';
import { registerKeys, type HonourEventRecord } from './register-items';
import { backfillRegister, registeredHonour, stateOf } from './register-state';
import { recoveryKeys } from './recovery-tasks';

type Deps = Pick<CampaignDeps, 'db' | 'table' | 'directory' | 'now'>;
type Query = z.output<typeof registerQuery>;

/** Who reads the register: the organisers of a subtree, and the chair of a holding union (its own honours). */
const readers: readonly Role[] = ['organiser', 'chair'];
const pageSize = 50;
/** Items read per DynamoDB page while filling a filtered page. */
const readBatch = 200;

/** Beijing date of an ISO instant, or the date itself. */
const dayOf = (at: string): string => (/^\d{4}-\d{2}-\d{2}$/.test(at) ? at : formatShanghaiDate(new Date(at)));

export function entryOf(item: Record<string, unknown>): RegisterEntry {
  const state = stateOf(item);
  const titleCode = item.titleCode as TitleCode;
  const ruleset = getRuleset(String(item.rulesetId ?? ''));
  return {
    certificateNo: String(item.certificateNo),
    title: titleLabels[titleCode] ?? String(item.title),
    titleCode,
    holderName: String(item.nomineeName),
    holderKind: item.holderKind === 'person' ? 'person' : 'org',
    holderOrgId: String(item.holderOrgId ?? ''),
    holderOrgName: String(item.holderOrgName ?? ''),
    awardingBody: String(item.awardingOrgName ?? ''),
    campaignName: String(item.campaignName ?? ''),
    year: Number(item.year),
    awardedOn: dayOf(String(item.awardedAt)),
    rulesetName: ruleset ? ruleset.citationDoc : String(item.rulesetName ?? item.rulesetId ?? ''),
    state,
    stateLabel: honourStateLabels[state],
    source: item.source === 'import' ? 'import' : 'decision',
  };
}

function historyOf(item: Record<string, unknown>): HonourDetailResponse['honour']['history'] {
  const stored = Array.isArray(item.history) ? (item.history as HonourEventRecord[]) : [];
  // An honour written before the register keeps no grant event; later events (a 复查 flag) may have been appended to it.
  const events: HonourEventRecord[] = stored.some((e) => e.kind === 'granted' || e.kind === 'imported') ? [...stored] : [{ kind: 'granted', state: 'current', at: String(item.awardedAt) }, ...stored];
  // A revocation written by the procedure alone (status, revokedAt) still shows in the history.
  // It stays there once the certificate is recovered (status 'recalled', revokedAt kept), in time order.
  if ((item.status === 'revoked' || item.revokedAt !== undefined) && !events.some((e) => e.kind === 'revoked')) {
    events.push({ kind: 'revoked', state: 'revoked', at: String(item.revokedAt ?? item.awardedAt) });
    events.sort((a, b) => a.at.localeCompare(b.at));
  }
  return events.map((e) => ({ kind: e.kind, label: honourEventLabels[e.kind], at: e.at, on: dayOf(e.at), state: e.state, ...(e.note ? { note: e.note } : {}) }));
}

const matches = (q: Query) => (item: Record<string, unknown>) =>
  item.entity === 'honour' && (q.title === undefined || item.titleCode === q.title) && (q.year === undefined || Number(item.year) === q.year) && (q.state === undefined || stateOf(item) === q.state);

/** A register position this API gave out for `org`'s subtree (page cursor, re-check cursor), or a 400 naming `field`. */
export function decodeSubtreeCursor(cursor: string, org: Org, field: string, message: string): Record<string, unknown> {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    const names = Object.keys(key).sort().join(',');
    if (names === 'gsi3pk,gsi3sk,pk,sk' && key.gsi3pk === registerKeys.partition(rootIdOf(org.path)) && String(key.gsi3sk).startsWith(registerKeys.below(org.path))) return key;
  } catch {
    // falls through to the refusal below
  }
  throw fieldError(field, message);
}

const encodeCursor = (item: Record<string, unknown>): string => Buffer.from(JSON.stringify({ pk: item.pk, sk: item.sk, gsi3pk: item.gsi3pk, gsi3sk: item.gsi3sk })).toString('base64url');

async function registerItems(deps: Deps, org: Org, q: Query, limit: number): Promise<{ items: Record<string, unknown>[]; next?: Record<string, unknown> }> {
  const keep = matches(q);
  const items: Record<string, unknown>[] = [];
  let start = q.cursor ? decodeSubtreeCursor(q.cursor, org, 'cursor', '翻页标记（cursor）无效，请从第一页重新查询') : undefined;
  for (;;) {
    const out = await deps.db.send(
      new QueryCommand({
        TableName: deps.table,
        IndexName: 'bySubtree',
        KeyConditionExpression: 'gsi3pk = :p AND begins_with(gsi3sk, :below)',
        ExpressionAttributeValues: { ':p': registerKeys.partition(rootIdOf(org.path)), ':below': registerKeys.below(org.path) },
        Limit: readBatch,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of (out.Items ?? []) as Record<string, unknown>[]) {
      if (!keep(item)) continue;
      items.push(item);
      if (items.length === limit) return { items, next: item };
    }
    start = out.LastEvaluatedKey as Record<string, unknown> | undefined;
    if (!start) return { items };
  }
}

/** The org a register request names, once the caller may read its register (scope before existence). */
async function registerOrg(deps: Deps, session: Session, orgId: string): Promise<Org> {
  const { org } = await requireScopeOn(deps.directory, session, readers, orgId);
  await backfillRegister(deps, rootIdOf(org.path));
  return org;
}

/** GET /v1/orgs/{orgId}/honours: one page of the honours held in the org's subtree, in path, year and number order. */
export async function registerPage(deps: Deps, session: Session, orgId: string, q: Query): Promise<RegisterPageResponse> {
  const org = await registerOrg(deps, session, orgId);
  const { items, next } = await registerItems(deps, org, q, q.limit ?? pageSize);
  // A page that ends exactly at the last match still offers a cursor; the next page is then empty.
  return { honours: items.map(entryOf), ...(next ? { nextCursor: encodeCursor(next) } : {}) };
}

/** GET /v1/orgs/{orgId}/honours/export: every honour the filters keep, as an Excel workbook with Chinese headers. */
export async function registerWorkbook(deps: Deps, session: Session, orgId: string, q: Query): Promise<{ fileName: string; contentType: string; base64: string; rows: number }> {
  const org = await registerOrg(deps, session, orgId);
  const { items } = await registerItems(deps, org, { ...q, cursor: undefined }, Number.POSITIVE_INFINITY);
  const rows = items.map(entryOf).map((e) => [e.certificateNo, e.title, e.holderKind === 'person' ? `${e.holderName}（${e.holderOrgName}）` : e.holderName, e.awardingBody, e.campaignName, e.awardedOn, e.rulesetName, e.stateLabel]);
  const wide: Record<string, number> = { 证书编号: 26, 获得者: 36, 授予单位: 20, 评选活动: 30, 依据办法: 22 };
  const bytes = await tablesWorkbook([{ name: '荣誉档案', columns: registerExportHeaders.map((header) => ({ header, width: wide[header] ?? 14, text: header === '证书编号' })), rows }]);
  return { fileName: `${org.name}-荣誉档案.xlsx`, contentType: xlsxContentType, base64: bytes.toString('base64'), rows: rows.length };
}

/**
 * GET /v1/honours/{certificateNo}: one honour with its history, for an organiser above its holder or the holder's
 * chair. A caller who reads no register at all is refused before anything is looked up.
 */
/** A stored 复查 (functions/honours/recheck-run.ts) as the detail shows it: what failed or was flagged, with articles. */
function recheckOf(item: Record<string, unknown>): RecheckRecord {
  const outcome = item.outcome as RecheckRecord['outcome'];
  const flags = (item.flags ?? []) as { explanation: string; citation: string }[];
  const checks = (item.checks ?? []) as { status: string; severity: string; explanation: string; citation: string }[];
  const failed = checks.filter((c) => c.status === 'fail' && c.severity === 'hard');
  return {
    year: Number(item.year),
    outcome,
    outcomeLabel: recheckOutcomeLabels[outcome],
    on: dayOf(String(item.at)),
    findings: [...flags, ...failed].map((f) => ({ text: f.explanation, citation: f.citation })),
  };
}

export async function honourDetail(deps: Deps, session: Session, certificateNo: string): Promise<HonourDetailResponse> {
  if ((await scopesOf(deps.directory, session, readers)).length === 0) throw new DomainError('SCOPE.FORBIDDEN');
  const item = await registeredHonour(deps, certificateNo);
  const holderPath = String(item.holderPath);
  await requireScope(deps.directory, session, readers, { orgId: String(item.holderOrgId), name: '', level: 'grassroots', kind: 'enterprise', path: holderPath });
  const rechecks = await queryAll(deps.db, { TableName: deps.table, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :r)', ExpressionAttributeValues: { ':pk': campaignKeys.honour(certificateNo).pk, ':r': 'RECHECK#' } });
  const task = (await deps.db.send(new GetCommand({ TableName: deps.table, Key: recoveryKeys.task(certificateNo) }))).Item;
  const recovery = task ? { taskId: String(task.taskId), status: task.status === 'done' ? ('done' as const) : ('open' as const), statusLabel: task.status === 'done' ? '已收回' : '待收回' } : undefined;
  return { honour: { ...entryOf(item), history: historyOf(item), rechecks: rechecks.map(recheckOf).sort((a, b) => b.year - a.year), ...(recovery ? { recovery } : {}) } };
}

