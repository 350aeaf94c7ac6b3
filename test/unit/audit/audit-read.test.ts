import type { Org, Role } from '../../../shared/domain/org';
import type { AuditEvent } from '../../../shared/audit/audit-event';
import type { Directory } from '../../../functions/directory/directory';
import type { AuditLog } from '../../../functions/audit/audit-log';
import { organiserScopes, readRecentAudit, readSubjectTrail } from '../../../functions/audit/audit-read';

const org = (orgId: string, path: string): Org => ({ orgId, name: orgId, level: 'district', kind: 'regionalFederation', path });
const orgs = new Map([
  ['city', org('city', '/city')],
  ['dist-a', org('dist-a', '/city/dist-a')],
  ['dist-b', org('dist-b', '/city/dist-b')],
  ['other', org('other', '/other')],
]);

function directoryWith(grants: { orgId: string; role: Role }[]): Directory {
  return {
    roleGrantsOf: async () => grants,
    getOrgs: async (ids) => new Map(ids.flatMap((id) => (orgs.has(id) ? [[id, orgs.get(id) as Org] as const] : []))),
    findMemberByOpenid: async () => undefined,
    getMember: async () => undefined,
    demoIdentities: async () => [],
    getDemoIdentity: async () => undefined,
  };
}
const session = { memberId: 'm1', openid: 'o1' };

const event = (subjectId: string, scopePath: string, at: string, seq = 1): AuditEvent => ({
  subjectType: 'application',
  subjectId,
  scopePath,
  action: 'application.passed',
  actor: { memberId: 'r', role: 'reviewer' },
  seq,
  at,
  prevHash: '0'.repeat(64),
  hash: 'h',
});

describe('whose trail an organiser may read', () => {
  it('refuses a session without a member and a member without the organiser role', async () => {
    await expect(organiserScopes(directoryWith([{ orgId: 'city', role: 'organiser' }]), { memberId: null, openid: 'o' })).rejects.toMatchObject({ code: 'AUDIT.FORBIDDEN' });
    await expect(organiserScopes(directoryWith([{ orgId: 'dist-a', role: 'reviewer' }, { orgId: 'city', role: 'investigator' }]), session)).rejects.toMatchObject({ code: 'AUDIT.FORBIDDEN' });
  });

  it('keeps only the outermost of nested organised orgs, and each separate tree', async () => {
    const scopes = await organiserScopes(directoryWith([{ orgId: 'dist-a', role: 'organiser' }, { orgId: 'city', role: 'organiser' }, { orgId: 'other', role: 'organiser' }]), session);
    expect(scopes.map((s) => s.orgId).sort()).toEqual(['city', 'other']);
  });
});

describe('reading through the port', () => {
  const log: AuditLog = {
    chainOf: async (_type, id) => ({ events: id === 'mixed' ? [event(id, '/city/dist-a', 't1'), event(id, '/city/dist-b', 't2', 2)] : [event(id, '/city/dist-a', 't1')], verified: true }),
    recentUnder: async (path) => [event(`in-${path}`, path, path === '/other' ? '2026-11-21T03:00:00Z' : '2026-11-21T01:00:00Z'), event('leaked', '/elsewhere', '2026-11-21T09:00:00Z')],
  };

  it('shows a chain whole only when every event lies in scope', async () => {
    await expect(readSubjectTrail(log, [org('dist-a', '/city/dist-a')], { subjectType: 'application', subjectId: 'mixed' })).rejects.toMatchObject({ code: 'AUDIT.OUT_OF_SCOPE' });
    expect((await readSubjectTrail(log, [org('city', '/city')], { subjectType: 'application', subjectId: 'mixed' })).events).toHaveLength(2);
  });

  it('merges the scopes newest first, and drops anything an adapter returned from outside them', async () => {
    const body = await readRecentAudit(log, [org('city', '/city'), org('other', '/other')], 10);
    expect(body.events.map((e) => e.subjectId)).toEqual(['in-/other', 'in-/city']);
  });
});
