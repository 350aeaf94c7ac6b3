import { profileFields, type SaveUnionProfileRequest, type UnionProfileChange, type UnionProfileResponse, type UnionProfileYear } from '@shared/api/orgs';
import { isInSubtree, type Org, type Role } from '@shared/domain/org';
import type { UnionYearProfile } from '@shared/domain/union-profile';
import { DomainError } from '@shared/errors';
import type { Session } from '../auth/session-token';
import { requireScopeOn, scopesOf, type Actor } from '../scope/scope';
import type { OrgDeps } from './deps';

/** The union's own chairs read it; so do the reviewers and organisers of the federations above it. */
const profileReaders: readonly Role[] = ['chair', 'viceChair', 'reviewer', 'organiser'];
/** Only a chair keeps it. */
const profileEditors: readonly Role[] = ['chair'];
/**
 * Who has a profile: a grassroots union, and each 小家 below it (分工会、工会小组), whose own employee count its 入会率 is
 * read against (总工办发〔2020〕15号 第七条（二）; 京工发〔2021〕19号 第七条（二）; 桂工发〔2021〕8号 六、（二）2.).
 */
const profileLevels: readonly Org['level'][] = ['grassroots', 'subUnion', 'group'];

/** The grassroots union of the path, once the caller holds one of `roles` on it or above it (scope before its level). */
async function grassrootsUnion(deps: OrgDeps, session: Session, roles: readonly Role[], orgId: string): Promise<{ org: Org; actor: Actor }> {
  const scoped = await requireScopeOn(deps.directory, session, roles, orgId);
  if (!profileLevels.includes(scoped.org.level)) throw new DomainError('ORG.NO_PROFILE');
  return scoped;
}

/** GET /v1/orgs/{orgId}/profile */
export async function readUnionProfile(deps: OrgDeps, session: Session, orgId: string): Promise<UnionProfileResponse> {
  const { org } = await grassrootsUnion(deps, session, profileReaders, orgId);
  const [children, years, history, chairs] = await Promise.all([
    deps.tree.childrenOf(orgId),
    deps.profiles.years(orgId),
    deps.profiles.history(orgId),
    scopesOf(deps.directory, session, profileEditors),
  ]);
  const canEdit = chairs.some((actor) => isInSubtree(org.path, actor.org.path));
  return { org, children, years: years.sort((a, b) => b.values.year - a.values.year), history, canEdit };
}

/**
 * PUT /v1/orgs/{orgId}/profile/{year}: the chair saves the year's figures and facts as a whole (a field left out
 * is cleared). Each save that changes something appends a version naming who changed what; `baseVersion`, when
 * given, must be the current version, so two chairs editing at once cannot overwrite each other unseen.
 */
export async function saveUnionProfile(deps: OrgDeps, session: Session, orgId: string, year: number, input: SaveUnionProfileRequest): Promise<UnionProfileYear> {
  const { actor } = await grassrootsUnion(deps, session, profileEditors, orgId);
  const current = (await deps.profiles.years(orgId)).find((y) => y.values.year === year);
  const currentVersion = current?.version ?? 0;
  if (input.baseVersion !== undefined && input.baseVersion !== currentVersion) throw new DomainError('PROFILE.CHANGED_MEANWHILE');

  const { baseVersion: _base, reason, ...figures } = input;
  const values: UnionYearProfile = { year, ...figures };
  const changes = profileFields.flatMap((field) => {
    const from = current?.values[field] ?? null;
    const to = values[field] ?? null;
    return from === to ? [] : [{ field, from, to }];
  });
  if (current && changes.length === 0) return current;

  const member = await deps.roster.getMember(actor.memberId);
  const change: UnionProfileChange = {
    year,
    version: currentVersion + 1,
    changedAt: deps.now().toISOString(),
    changedBy: { memberId: actor.memberId, name: member?.name ?? actor.memberId },
    changes,
    ...(reason ? { reason } : {}),
  };
  await deps.profiles.save(orgId, values, change);
  return { values, version: change.version, updatedAt: change.changedAt, updatedBy: change.changedBy };
}
