import * as z from 'zod';
import {
  addMemberRequest,
  correctRecordRequest,
  importUploadRequest,
  importUploadTicketRequest,
  membershipStatsQuery,
  removeMemberQuery,
  rosterListQuery,
} from '@shared/api/roster';
import { formatShanghaiDate, yearOf } from '@shared/calendar/shanghai-date';
import type { Org, Role } from '@shared/domain/org';
import { isFederation } from '@shared/domain/org-tree';
import { DomainError } from '@shared/errors';
import { evidenceStoreFromEnv } from '../evidence/store-from-env';
import type { EvidenceStore } from '../evidence/evidence-store';
import { httpHandler, parseInput, type HttpRequest } from '../http/http-handler';
import { thePersonalDataCipher } from '../privacy/personal-data';
import { confirmImport, commitSliceMs, importJobOf } from '../roster/import-commit';
import type { RosterDeps } from '../roster/import-items';
import { previewImport } from '../roster/import-preview';
import { importJobStatus } from '../roster/preview-driver';
import { requestImportUpload } from '../roster/import-upload';
import { addMember, correctMyRecord, listRoster, myRecord, removeMember } from '../roster/members';
import { membershipStats } from '../roster/membership';
import { exportRoster, templateFile } from '../roster/export';
import { requireScope, requireScopeOn, type Actor } from '../scope/scope';
import { documentClient, tableName } from '../storage/dynamo';
import { systemNow } from '../time/clock';
import { sessionOf, theDirectory } from './context';

/** A union's roster is read by its chair and vice-chair and by reviewers and organisers above it; written by the first two. */
const readers: readonly Role[] = ['chair', 'viceChair', 'reviewer', 'organiser'];
const writers: readonly Role[] = ['chair', 'viceChair'];

const deps = async (): Promise<RosterDeps> => ({ db: documentClient(), table: tableName(), cipher: await thePersonalDataCipher(), now: systemNow });
/** Roster files for an import go through the evidence store (functions/roster/import-upload.ts); built on first use. */
let files: EvidenceStore | undefined;
const theFileStore = (): EvidenceStore => (files ??= evidenceStoreFromEnv());

const idParam = (label: string, key: string) => z.string({ error: `缺少${label}（${key}）` }).min(1, `缺少${label}（${key}）`).max(200, `${label}（${key}）过长`);
const orgPath = z.object({ orgId: idParam('组织编号', 'orgId') });
const memberPath = orgPath.extend({ memberId: idParam('会员编号', 'memberId') });
const importPath = orgPath.extend({ importId: idParam('导入编号', 'importId') });

const orgOf = async (orgId: string): Promise<Org | undefined> => (await theDirectory().getOrgs([orgId])).get(orgId);

/**
 * The union of the path, once the caller holds one of `roles` on it or above it (DESIGN.md invariant 8). With
 * `staffRoles`, a federation's own staff roster too (its reviewers, investigators and organisers), for those roles.
 * Scope before existence (issue 15): the caller is first checked against every role that could reach the org, so an
 * unknown org is refused as one out of reach; only then does its level decide which roles apply.
 */
async function unionFor(request: HttpRequest, roles: readonly Role[], staffRoles?: readonly Role[]): Promise<{ union: Org; actor: Actor }> {
  const session = await sessionOf(request.headers);
  const { orgId } = parseInput(orgPath, request.pathParameters);
  const { org: union, actor: anyActor } = await requireScopeOn(theDirectory(), session, staffRoles ? [...new Set([...roles, ...staffRoles])] : roles, orgId);
  if (!staffRoles) {
    if (union.level !== 'grassroots') throw new DomainError('ROSTER.NOT_GRASSROOTS');
    return { union, actor: anyActor };
  }
  if (isFederation(union.level)) return { union, actor: await requireScope(theDirectory(), session, staffRoles, union) };
  const actor = await requireScope(theDirectory(), session, roles, union);
  if (union.level !== 'grassroots') throw new DomainError('ROSTER.NOT_GRASSROOTS');
  return { union, actor };
}

async function memberOf(request: HttpRequest): Promise<string> {
  const session = await sessionOf(request.headers);
  if (!session.memberId) throw new DomainError('MEMBER.NOT_FOUND');
  return session.memberId;
}

export const handler = httpHandler({
  'GET /v1/orgs/{orgId}/roster': async (request) => {
    const { union } = await unionFor(request, readers);
    return { body: await listRoster(await deps(), union, parseInput(rosterListQuery, request.query)) };
  },

  'POST /v1/orgs/{orgId}/roster': async (request) => {
    const { union, actor } = await unionFor(request, writers);
    return { status: 201, body: { member: await addMember(await deps(), actor, union, parseInput(addMemberRequest, request.body)) } };
  },

  // 退会: a union's member by its chair; a federation's staff member (who leaves with their roles) by an organiser.
  'DELETE /v1/orgs/{orgId}/roster/{memberId}': async (request) => {
    const { union, actor } = await unionFor(request, writers, ['organiser']);
    const { memberId } = parseInput(memberPath, request.pathParameters);
    const { leftOn } = parseInput(removeMemberQuery, request.query);
    return { body: { member: await removeMember(await deps(), actor, union, memberId, leftOn) } };
  },

  'GET /v1/orgs/{orgId}/roster/export': async (request) => {
    const { union, actor } = await unionFor(request, readers);
    return { body: await exportRoster(await deps(), actor, union) };
  },

  'GET /v1/roster/template': async (request) => {
    await sessionOf(request.headers);
    return { body: await templateFile() };
  },

  // Where to post a roster file (presigned, a few minutes); the preview below then reads it by its key.
  'POST /v1/orgs/{orgId}/imports/uploads': async (request) => {
    const { union } = await unionFor(request, writers);
    return { status: 201, body: { upload: await requestImportUpload(theFileStore(), union, parseInput(importUploadTicketRequest, request.body)) } };
  },

  'POST /v1/orgs/{orgId}/imports': async (request) => {
    const { union, actor } = await unionFor(request, writers);
    const upload = parseInput(importUploadRequest, request.body);
    return { status: 201, body: await previewImport({ ...(await deps()), ...(upload.key !== undefined ? { files: theFileStore() } : {}) }, actor, union, upload) };
  },

  // A poll also drives a preview or a commit in progress for a few seconds (roster/preview-driver.ts, import-commit.ts).
  'GET /v1/orgs/{orgId}/imports/{importId}': async (request) => {
    const { union } = await unionFor(request, readers);
    const { importId } = parseInput(importPath, request.pathParameters);
    const d = await deps();
    return { body: await importJobStatus(d, await importJobOf(d, union, importId), commitSliceMs.poll) };
  },

  'POST /v1/orgs/{orgId}/imports/{importId}/commit': async (request) => {
    const { union, actor } = await unionFor(request, writers);
    const { importId } = parseInput(importPath, request.pathParameters);
    return { body: await confirmImport(await deps(), actor, union, importId) };
  },

  'GET /v1/orgs/{orgId}/membership-stats': async (request) => {
    const { union } = await unionFor(request, readers);
    const thisYear = yearOf(formatShanghaiDate(systemNow()));
    const { years = [thisYear - 2, thisYear - 1, thisYear] } = parseInput(membershipStatsQuery, request.query);
    const d = await deps();
    return { body: await membershipStats(d.db, d.table, union.orgId, years) };
  },

  'GET /v1/me/record': async (request) => ({ body: await myRecord(await deps(), await memberOf(request), orgOf) }),

  'PUT /v1/me/record': async (request) => {
    const memberId = await memberOf(request);
    return { body: await correctMyRecord(await deps(), memberId, orgOf, parseInput(correctRecordRequest, request.body)) };
  },
});
