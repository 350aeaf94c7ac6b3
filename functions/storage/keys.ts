/** Key builders: entity prefixes in values (ORG#…, MEMBER#…), generic key names in the table (config/table.js). */
export const keys = {
  org: (orgId: string) => ({ pk: `ORG#${orgId}`, sk: 'ORG' }),
  member: (memberId: string) => ({ pk: `MEMBER#${memberId}`, sk: 'MEMBER' }),
  role: (memberId: string, orgId: string, role: string) => ({ pk: `MEMBER#${memberId}`, sk: `ROLE#${orgId}#${role}` }),
  demoIdentity: (identity: string) => ({ pk: 'DEMO', sk: `IDENTITY#${identity}` }),
  clockHeartbeat: () => ({ pk: 'SYSTEM', sk: 'CLOCK' }),
  /** byParent: the children of an org. */
  childOf: (parentId: string) => `ORG#${parentId}`,
  /** bySubtree: all orgs of one federation tree. */
  tree: (rootId: string) => `TREE#${rootId}`,
};
