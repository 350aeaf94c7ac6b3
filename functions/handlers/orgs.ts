import { randomUUID } from 'node:crypto';
import {
  createOrgRequest,
  grantRoleRequest,
  memberSearchQuery,
  moveOrgRequest,
  orgPathParams,
  profilePathParams,
  revokeRoleParams,
  revokeRoleQuery,
  saveUnionProfileRequest,
  updateOrgRequest,
} from '@shared/api/orgs';
import { httpHandler, parseInput, type HttpRequest } from '../http/http-handler';
import type { OrgDeps } from '../orgs/deps';
import { dynamoOrgTree, dynamoRoleBook, dynamoRoster } from '../orgs/dynamo-org-store';
import { moveOrg } from '../orgs/org-move';
import { createOrg, readOrgDetail, updateOrg } from '../orgs/org-tree';
import { grantRole, listRoleHolders, revokeRole, searchRoster } from '../orgs/roles';
import { readUnionProfile, saveUnionProfile } from '../orgs/union-profile';
import { dynamoUnionProfiles } from '../orgs/union-profile-store';
import { documentClient, tableName } from '../storage/dynamo';
import { systemNow } from '../time/clock';
import { sessionOf, theDirectory } from './context';

// Built once per cold start, on first use (so a test can set the environment before the first request).
let built: OrgDeps | undefined;
function deps(): OrgDeps {
  if (built) return built;
  const [db, table, now] = [documentClient(), tableName(), systemNow];
  built = {
    directory: theDirectory(),
    tree: dynamoOrgTree(db, table, now),
    roles: dynamoRoleBook(db, table, now),
    roster: dynamoRoster(db, table),
    profiles: dynamoUnionProfiles(db, table),
    now,
    newOrgId: () => `org-${randomUUID().slice(0, 8)}`,
  };
  return built;
}

/** The session first (401 before anything else), then the org id of the path. */
async function caller(request: HttpRequest) {
  const session = await sessionOf(request.headers);
  return { session, orgId: parseInput(orgPathParams, request.pathParameters).orgId };
}

export const handler = httpHandler({
  'GET /v1/orgs/{orgId}': async (request) => {
    const { session, orgId } = await caller(request);
    return { body: await readOrgDetail(deps(), session, orgId) };
  },

  'POST /v1/orgs': async (request) => {
    const session = await sessionOf(request.headers);
    return { status: 201, body: { org: await createOrg(deps(), session, parseInput(createOrgRequest, request.body)) } };
  },

  'PUT /v1/orgs/{orgId}': async (request) => {
    const { session, orgId } = await caller(request);
    return { body: { org: await updateOrg(deps(), session, orgId, parseInput(updateOrgRequest, request.body)) } };
  },

  'POST /v1/orgs/{orgId}/move': async (request) => {
    const { session, orgId } = await caller(request);
    const result = await moveOrg(deps(), session, orgId, parseInput(moveOrgRequest, request.body));
    return { status: result.done ? 200 : 202, body: result };
  },

  'GET /v1/orgs/{orgId}/roles': async (request) => {
    const { session, orgId } = await caller(request);
    return { body: await listRoleHolders(deps(), session, orgId) };
  },

  'POST /v1/orgs/{orgId}/roles': async (request) => {
    const { session, orgId } = await caller(request);
    return { status: 201, body: { holder: await grantRole(deps(), session, orgId, parseInput(grantRoleRequest, request.body)) } };
  },

  'DELETE /v1/orgs/{orgId}/roles/{memberId}/{role}': async (request) => {
    const session = await sessionOf(request.headers);
    const { orgId, memberId, role } = parseInput(revokeRoleParams, request.pathParameters);
    await revokeRole(deps(), session, orgId, memberId, role, parseInput(revokeRoleQuery, request.query).reason);
    return { body: { revoked: { orgId, memberId, role } } };
  },

  'GET /v1/orgs/{orgId}/members': async (request) => {
    const { session, orgId } = await caller(request);
    return { body: await searchRoster(deps(), session, orgId, parseInput(memberSearchQuery, request.query).q) };
  },

  'GET /v1/orgs/{orgId}/profile': async (request) => {
    const { session, orgId } = await caller(request);
    return { body: await readUnionProfile(deps(), session, orgId) };
  },

  'PUT /v1/orgs/{orgId}/profile/{year}': async (request) => {
    const session = await sessionOf(request.headers);
    const { orgId, year } = parseInput(profilePathParams, request.pathParameters);
    return { body: await saveUnionProfile(deps(), session, orgId, year, parseInput(saveUnionProfileRequest, request.body)) };
  },
});
