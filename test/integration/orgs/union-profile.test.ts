import { unionProfileResponse, unionProfileYear } from '../../../shared/api/orgs';
import { readUnionProfiles } from '../../../functions/orgs/union-profile-store';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { call, people, useEnvironment } from './orgs-api';

jest.setTimeout(60_000);

let table: TestTable;

beforeAll(async () => {
  table = await createTestTable({ seed: true });
  useEnvironment(table);
});
afterAll(() => table.drop());

const save = (memberId: string, orgId: string, year: string | number, body: unknown) => call(memberId, 'PUT /v1/orgs/{orgId}/profile/{year}', { orgId, year: String(year) }, { body });
const read = (memberId: string, orgId: string) => call(memberId, 'GET /v1/orgs/{orgId}/profile', { orgId });

const facts2025 = { employees: 130, migrantWorkers: 40, dispatchedWorkers: 12, legalPersonRegistered: true, separateDuesAccount: true, congressHeld: true, reElectedOnTime: true, collectiveContract: true, openAffairs: false };

describe('PUT /v1/orgs/{orgId}/profile/{year}', () => {
  it('lets the union’s chair save a year’s figures and facts as version 1', async () => {
    const res = await save(people.chairYuntai, 'gu-yuntai', 2025, facts2025);

    expect(res.status).toBe(200);
    const year = unionProfileYear.parse(res.body);
    expect(year).toMatchObject({ version: 1, values: { year: 2025, ...facts2025 }, updatedBy: { memberId: people.chairYuntai } });
    expect(year.updatedBy.name).toMatch(/^[\u4e00-\u9fff]{2,3}$/);
  });

  it('appends a version for each save that changes something, keeping who changed what', async () => {
    const second = await save(people.chairYuntai, 'gu-yuntai', 2025, { ...facts2025, employees: 136, openAffairs: true, baseVersion: 1, reason: '补录年底新入职人员' });
    expect(unionProfileYear.parse(second.body).version).toBe(2);
    // The same values again: nothing changed, no version.
    const same = await save(people.chairYuntai, 'gu-yuntai', 2025, { ...facts2025, employees: 136, openAffairs: true });
    expect(unionProfileYear.parse(same.body).version).toBe(2);
    await save(people.chairYuntai, 'gu-yuntai', 2024, { employees: 118 });

    const body = unionProfileResponse.parse((await read(people.chairYuntai, 'gu-yuntai')).body);
    expect(body.years.map((y) => [y.values.year, y.version, y.values.employees])).toEqual([
      [2025, 2, 136],
      [2024, 1, 118],
    ]);
    expect(body.history.map((h) => [h.year, h.version])).toEqual([
      [2024, 1],
      [2025, 2],
      [2025, 1],
    ]);
    expect(body.history[1]).toMatchObject({
      changedBy: { memberId: people.chairYuntai },
      reason: '补录年底新入职人员',
      changes: [
        { field: 'employees', from: 130, to: 136 },
        { field: 'openAffairs', from: false, to: true },
      ],
    });
    expect(body.history[2]?.changes).toContainEqual({ field: 'employees', from: null, to: 130 });
    expect(body.canEdit).toBe(true);
    expect(body.org.name).toBe('云台新材料有限公司工会');
    expect(body.children.map((c) => c.name)).toEqual(['生产一车间分工会', '生产二车间分工会', '研发中心分工会']);
  });

  it('is what readUnionProfiles answers: the current figures per year', async () => {
    const profiles = await readUnionProfiles(table.db, table.tableName, 'gu-yuntai');
    expect([...profiles.keys()].sort()).toEqual([2024, 2025]);
    expect(profiles.get(2025)).toMatchObject({ employees: 136, migrantWorkers: 40, dispatchedWorkers: 12 });
    expect((await readUnionProfiles(table.db, table.tableName, 'gu-renmin')).size).toBe(0);
  });

  it('refuses a save based on an older version with 409, so no edit is overwritten unseen', async () => {
    const res = await save(people.chairYuntai, 'gu-yuntai', 2025, { ...facts2025, employees: 140, baseVersion: 1 });
    expect(res).toMatchObject({ status: 409, body: { code: 'PROFILE.CHANGED_MEANWHILE' } });
    expect((await readUnionProfiles(table.db, table.tableName, 'gu-yuntai')).get(2025)?.employees).toBe(136);
  });

  it('answers 400 naming each bad field, and writes nothing', async () => {
    const res = await save(people.chairYuntai, 'gu-yuntai', 2025, { employees: -1, migrantWorkers: 3.5, congressHeld: 'yes' });
    expect(res.status).toBe(400);
    const paths = (res.body.details as { path: string; message: string }[]).map((d) => d.path);
    expect(paths).toEqual(['employees', 'migrantWorkers', 'congressHeld']);
    expect((res.body.details as { message: string }[])[0]?.message).toBe('职工总数（employees）不能为负数');

    const more = await save(people.chairYuntai, 'gu-yuntai', 2025, { employees: 10, migrantWorkers: 11 });
    expect(more.body.details).toEqual([{ path: 'migrantWorkers', message: '农民工人数（migrantWorkers）不能多于职工总数（employees）' }]);
    const year = await save(people.chairYuntai, 'gu-yuntai', 1990, facts2025);
    expect(year.body.details).toEqual([{ path: 'year', message: '年度（year）应为 2000 到 2100 之间的整数' }]);
    const missing = await save(people.chairYuntai, 'gu-yuntai', 2023, {});
    expect(missing.body.details).toEqual([{ path: 'employees', message: '职工总数（employees）应为数字' }]);

    const profiles = await readUnionProfiles(table.db, table.tableName, 'gu-yuntai');
    expect([...profiles.keys()].sort()).toEqual([2024, 2025]);
    expect(profiles.get(2025)?.employees).toBe(136);
  });
});

describe('who may read and keep a profile', () => {
  it('refuses the chair of another union, to read or to save', async () => {
    expect((await read(people.chairRenmin, 'gu-yuntai')).status).toBe(403);
    const res = await save(people.chairRenmin, 'gu-yuntai', 2025, facts2025);
    expect(res).toMatchObject({ status: 403, body: { code: 'SCOPE.FORBIDDEN' } });
    expect((await readUnionProfiles(table.db, table.tableName, 'gu-yuntai')).get(2025)?.employees).toBe(136);
  });

  it('lets the district’s reviewer read but not save, and keeps another district’s reviewer out', async () => {
    const own = await read(people.reviewerJiefang, 'gu-yuntai');
    expect(own.status).toBe(200);
    expect(unionProfileResponse.parse(own.body).canEdit).toBe(false);
    expect((await save(people.reviewerJiefang, 'gu-yuntai', 2025, facts2025)).status).toBe(403);
    expect((await read(people.reviewerShanyang, 'gu-yuntai')).status).toBe(403);
    expect((await save(people.reviewerShanyang, 'gu-taihang', 2025, facts2025)).status).toBe(403);
  });

  it('lets a vice-chair and a plain member see no more than they should', async () => {
    expect(unionProfileResponse.parse((await read(people.viceChairYuntai, 'gu-yuntai')).body).canEdit).toBe(false);
    expect((await save(people.viceChairYuntai, 'gu-yuntai', 2025, facts2025)).status).toBe(403);
    expect((await read(people.memberYuntai, 'gu-yuntai')).status).toBe(403);
  });

  it('has profiles for grassroots unions and the 小家 below them, not for federations, and an unknown org refused as one out of reach (scope before existence)', async () => {
    expect((await read(people.cityOrganiser, 'dist-jiefang')).body.code).toBe('ORG.NO_PROFILE');
    // A sub-union's own employees give its own 入会率 (issue 16): the union's chair keeps them.
    expect((await save(people.chairYuntai, 'gu-yuntai-sub1', 2025, { employees: 42 })).status).toBe(200);
    expect(unionProfileResponse.parse((await read(people.reviewerJiefang, 'gu-yuntai-sub1')).body)).toMatchObject({ org: { level: 'subUnion' }, canEdit: false, years: [{ values: { year: 2025, employees: 42 } }] });
    expect((await read(people.cityOrganiser, 'gu-nowhere')).body.code).toBe('SCOPE.FORBIDDEN');
  });
});
