import { BatchWriteCommand, GetCommand, type DynamoDBDocumentClient } from '../../functions/storage/document-client';
import type { Org, OrgKind, Ownership, Role } from '../../shared/domain/org';
import { keys } from '../../functions/storage/keys';

/**
 * Demo data for the local stack and the tests: one city federation, two districts, six grassroots unions with
 * rosters of 20–200 members and sub-unions, and chair / reviewer / organiser / investigator identities.
 * Every unit and person here is fictional.
 */
interface UnionSeed {
  orgId: string;
  name: string;
  district: string;
  kind: OrgKind;
  ownership: Ownership;
  members: number;
  subUnions: string[];
}

const city = { orgId: 'city-jz', name: '焦作市总工会' };
const districts = [
  { orgId: 'dist-jiefang', name: '解放区总工会' },
  { orgId: 'dist-shanyang', name: '山阳区总工会' },
];
const unions: UnionSeed[] = [
  { orgId: 'gu-yuntai', name: '云台新材料有限公司工会', district: 'dist-jiefang', kind: 'enterprise', ownership: 'nonPublic', members: 120, subUnions: ['生产一车间分工会', '生产二车间分工会', '研发中心分工会'] },
  { orgId: 'gu-renmin', name: '解放区人民医院工会', district: 'dist-jiefang', kind: 'institution', ownership: 'public', members: 200, subUnions: ['内科分工会', '外科分工会'] },
  { orgId: 'gu-fengshou', name: '丰收路街道联合工会', district: 'dist-jiefang', kind: 'township', ownership: 'nonPublic', members: 45, subUnions: ['商户工会小组'] },
  { orgId: 'gu-taihang', name: '太行智造科技有限公司工会', district: 'dist-shanyang', kind: 'enterprise', ownership: 'nonPublic', members: 80, subUnions: ['装配车间分工会', '质检部分工会'] },
  { orgId: 'gu-shiyan', name: '山阳区实验学校工会', district: 'dist-shanyang', kind: 'institution', ownership: 'public', members: 20, subUnions: ['小学部工会小组'] },
  { orgId: 'gu-qinhuai', name: '覃怀物流有限公司工会', district: 'dist-shanyang', kind: 'enterprise', ownership: 'public', members: 150, subUnions: ['运输队分工会', '仓储部分工会'] },
];

const surnames = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段';
const givenNames = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞', '平', '刚', '桂英', '建华', '晓东', '海燕', '志强', '春梅', '红霞', '国庆', '玉兰', '文博', '思雨', '子涵', '浩然', '欣怡', '宇航', '佳琪', '俊杰', '雅婷'];

/** A small deterministic generator, so every fresh stack has the same names. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

export interface DemoIdentitySeed {
  identity: string;
  name: string;
  description: string;
  memberId: string;
}

type Item = Record<string, unknown>;

function orgItem(org: Org, rootId: string): Item {
  return {
    ...keys.org(org.orgId),
    entity: 'org',
    ...org,
    ...(org.parentId ? { gsi1pk: keys.childOf(org.parentId), gsi1sk: `ORG#${org.name}` } : {}),
    gsi3pk: keys.tree(rootId),
    gsi3sk: org.path,
  };
}

export function demoData(): { items: Item[]; identities: DemoIdentitySeed[] } {
  const items: Item[] = [];
  const identities: DemoIdentitySeed[] = [];
  const random = generator(20261121);
  const root = city.orgId;
  const cityPath = `/${city.orgId}`;
  items.push(orgItem({ orgId: city.orgId, name: city.name, level: 'city', kind: 'federation', path: cityPath }, root));

  const addMember = (memberId: string, name: string, orgId: string, extra: Item = {}): void => {
    items.push({ ...keys.member(memberId), entity: 'member', memberId, name, orgId, gsi1pk: keys.childOf(orgId), gsi1sk: `MEMBER#${name}#${memberId}`, ...extra });
  };
  const grant = (memberId: string, orgId: string, role: Role): void => {
    // byParent lists an org's role holders (functions/orgs/org-items.ts).
    items.push({ ...keys.role(memberId, orgId, role), entity: 'role', memberId, orgId, role, gsi1pk: keys.childOf(orgId), gsi1sk: `ROLE#${role}#${memberId}` });
  };
  const identify = (identity: string, memberId: string, name: string, description: string): void => {
    identities.push({ identity, name, description, memberId });
    items.push({ ...keys.demoIdentity(identity), entity: 'demoIdentity', identity, name, description, memberId });
  };
  const personName = (): string => `${surnames[Math.floor(random() * surnames.length)]}${givenNames[Math.floor(random() * givenNames.length)]}`;

  // Federation staff belong to their federation's own roster.
  addMember('staff-city-1', '周立新', city.orgId, { openid: 'demo:organiser' });
  grant('staff-city-1', city.orgId, 'organiser');
  // The platform operator (节假日安排) on the local stage: the top federation's organiser holds it too.
  grant('staff-city-1', city.orgId, 'operator');
  identify('organiser', 'staff-city-1', '周立新', '焦作市总工会 · 组织者（发布评选、终审、授予荣誉）');
  addMember('staff-city-2', '钱文静', city.orgId, { openid: 'demo:investigator' });
  grant('staff-city-2', city.orgId, 'investigator');
  identify('investigator', 'staff-city-2', '钱文静', '焦作市总工会 · 核查人（处理举报）');
  // The second pair of eyes on a reporter's identity (issue 15): approves or refuses the investigator's requests.
  addMember('staff-city-3', '孙慧敏', city.orgId, { openid: 'demo:custodian' });
  grant('staff-city-3', city.orgId, 'custodian');
  identify('custodian', 'staff-city-3', '孙慧敏', '焦作市总工会 · 身份保管人（审批查看举报人身份）');

  districts.forEach((district, index) => {
    // 区总工会 are local federations (地方总工会), not 区域性工会联合会 (a grassroots-level body).
    items.push(orgItem({ orgId: district.orgId, name: district.name, level: 'district', kind: 'federation', parentId: city.orgId, path: `${cityPath}/${district.orgId}` }, root));
    const staffId = `staff-${district.orgId}`;
    const staffName = index === 0 ? '孙建国' : '李慧敏';
    const identity = `reviewer-${district.orgId.replace('dist-', '')}`;
    addMember(staffId, staffName, district.orgId, { openid: `demo:${identity}` });
    grant(staffId, district.orgId, 'reviewer');
    identify(identity, staffId, staffName, `${district.name} · 审核人`);
  });

  unions.forEach((union, unionIndex) => {
    const districtPath = `${cityPath}/${union.district}`;
    const unionPath = `${districtPath}/${union.orgId}`;
    items.push(orgItem({ orgId: union.orgId, name: union.name, level: 'grassroots', kind: union.kind, ownership: union.ownership, parentId: union.district, path: unionPath }, root));
    const subIds = union.subUnions.map((name, i) => {
      const orgId = `${union.orgId}-sub${i + 1}`;
      const level = name.endsWith('小组') ? 'group' : 'subUnion';
      items.push(orgItem({ orgId, name, level, kind: union.kind, ownership: union.ownership, parentId: union.orgId, path: `${unionPath}/${orgId}` }, root));
      return orgId;
    });
    for (let n = 1; n <= union.members; n += 1) {
      const memberId = `${union.orgId}-m${String(n).padStart(3, '0')}`;
      const name = personName();
      const subOrgId = subIds[n % subIds.length];
      const isChair = n === 1;
      const isVice = n === 2;
      const demo = unionIndex < 2 && (isChair || n === 7) ? (isChair ? `chair-${unionIndex + 1}` : `member-${unionIndex + 1}`) : undefined;
      addMember(memberId, name, union.orgId, {
        ...(subOrgId ? { subOrgId } : {}),
        employeeNo: `${union.orgId.slice(3, 6).toUpperCase()}${String(n).padStart(4, '0')}`,
        // Roster history for the membership statistics (functions/roster), derived from n so the names stay as they were.
        joinedOn: `${2012 + ((n * 7 + unionIndex * 3) % 13)}-${String(1 + ((n * 5) % 12)).padStart(2, '0')}-${String(1 + ((n * 11) % 28)).padStart(2, '0')}`,
        status: 'active',
        gender: n % 3 === 0 ? 'female' : 'male',
        ...(demo ? { openid: `demo:${demo}` } : {}),
      });
      if (isChair) grant(memberId, union.orgId, 'chair');
      if (isVice) grant(memberId, union.orgId, 'viceChair');
      if (demo) identify(demo, memberId, name, `${union.name} · ${isChair ? '工会主席' : '会员'}`);
    }
  });
  return { items, identities };
}

/** Seeds the demo data when the table is empty of it; returns whether it seeded. */
export async function seedWhenEmpty(db: DynamoDBDocumentClient, table: string): Promise<{ seeded: boolean; identities: DemoIdentitySeed[] }> {
  const { items, identities } = demoData();
  const existing = await db.send(new GetCommand({ TableName: table, Key: keys.org(city.orgId) }));
  if (existing.Item) return { seeded: false, identities };
  for (let start = 0; start < items.length; start += 25) {
    let pending: Item[] = items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
    while (pending.length > 0) {
      const out = await db.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = (out.UnprocessedItems?.[table] ?? []) as Item[];
    }
  }
  return { seeded: true, identities };
}
