import { randomUUID } from 'node:crypto';
import { applicationResponse, campaignResponse, type ApplicationView } from '../../../shared/api/campaign';
import { publicityView } from '../../../shared/api/publicity';
import { handler as campaign } from '../../../functions/handlers/campaign';
import { handler as publicity, publicityDeps } from '../../../functions/handlers/publicity';
import { closePublicity } from '../../../functions/publicity/publicities';
import { call, callers } from '../roster/roster-support';
import { useSeededTable } from './seeded-table';

/**
 * 申报前的程序 through the API against DynamoDB Local: an acftu-2020 nomination of a person waits for the members'
 * opinion (总工办发〔2020〕15号 第十六条第一款 — for individuals as for collectives) and, the nominee being a 党员领导干部,
 * for the 纪检监察 and 组织人事 opinion (第十六条第二款); each gate cites its own paragraph, submission is refused until
 * both are done and the unit publicity has run, then the application goes up and is reviewed. A beijing-2021 union of
 * an institution is held for 第十三条's 组织人事、纪检监察 consultation.
 */
jest.setTimeout(120_000);

const organiser = callers.cityOrganiser;
const chair = callers.yuntaiChair;
const nominee = callers.yuntaiMember;

useSeededTable('2026-11-23T09:00:00+08:00'); // a Monday

async function publish(rulesetId: string, titles: string[], orgId = 'dist-jiefang', quotaName = '解放区') {
  const res = await call(campaign, 'POST /v1/orgs/{orgId}/campaigns', {
    as: organiser,
    params: { orgId: 'city-jz' },
    body: { requestId: randomUUID(), rulesetId, year: 2026, heading: `2026 年度评选（${rulesetId}）`, titles, recommendingUnits: [{ orgId, quotaName }], submissionDeadline: '2026-12-31' },
  });
  expect(res.status).toBe(201);
  return campaignResponse.parse(res.body).campaign;
}

const ok = (res: { status: number; body: Record<string, unknown> }) => {
  expect(res).toMatchObject({ status: 200 });
  return applicationResponse.parse(res.body).application;
};
const save = async (as: string, app: ApplicationView, body: Record<string, unknown>) =>
  ok(await call(campaign, 'PUT /v1/applications/{applicationId}', { as, params: { applicationId: app.applicationId }, body: { version: app.version, declared: {}, ...body } }));
const submit = (as: string, app: ApplicationView) => call(campaign, 'POST /v1/applications/{applicationId}/submit', { as, params: { applicationId: app.applicationId }, body: { version: app.version } });
const gate = (app: ApplicationView, id: string) => app.gates.find((g) => g.id === id);

/** The union's own publicity of its nominee (本单位公示, 第十六条第一款), closed at its end. */
async function unitPublicityRun(unionId: string, entry: { nomineeName: string; unitName: string; title: string; nomineeRef: string }) {
  const opened = await call(publicity, 'POST /v1/orgs/{orgId}/publicities', {
    as: chair,
    params: { orgId: unionId },
    body: { requestId: randomUUID(), level: 'unit', rulesetId: 'acftu-2020', year: 2026, heading: `${entry.nomineeName}推荐公示`, entries: [{ ...entry, summary: '热心为职工服务，工作扎实。' }] },
  });
  expect(opened.status).toBe(201);
  const view = publicityView.parse(opened.body.publicity);
  expect(await closePublicity(await publicityDeps(), view.publicityId, new Date(Date.parse(view.endsAt) + 60_000))).toBe(true);
}

describe('an acftu-2020 nomination of a 党员领导干部 through the consultation gates', () => {
  it('cites 第十六条第一款 for the members and 第十六条第二款 for 纪检监察, refuses submission until both are done, then goes up', async () => {
    const cmp = await publish('acftu-2020', ['modelHome', 'outstandingWorker']);
    const filed = await call(campaign, 'POST /v1/campaigns/{campaignId}/applications', { as: chair, params: { campaignId: cmp.campaignId }, body: { requestId: randomUUID(), title: 'outstandingWorker', nominee: { kind: 'person', memberId: nominee } } });
    expect(filed.status).toBe(201);
    const draft = applicationResponse.parse(filed.body).application;

    // The members' opinion binds a person as it binds a collective: 第一款, never 第二款.
    expect(gate(draft, 'consultation')).toMatchObject({ passed: false, citation: '总工办发〔2020〕15号 第十六条第一款' });
    // Whether the 纪检监察 opinion is needed depends on an answer the union has not given yet.
    expect(gate(draft, 'procedure.consultDiscipline')).toMatchObject({ passed: false, citation: '总工办发〔2020〕15号 第十六条第二款' });
    expect(gate(draft, 'procedure.consultDiscipline')?.explanation).toContain('是否党员领导干部或公职人员');

    const leader = await save(chair, draft, { declared: { nominee: { isPartyLeaderOrOfficial: true } } });
    expect(gate(leader, 'procedure.consultDiscipline')).toMatchObject({ passed: false, attestable: true });

    // Nothing done yet: refused with both paragraphs, and the application stays a draft.
    const refused = await submit(chair, leader);
    expect(refused).toMatchObject({ status: 409, body: { code: 'APPLICATION.STEP_MISSING' } });
    expect(String(refused.body.message)).toContain('第十六条第一款');
    expect(String(refused.body.message)).toContain('第十六条第二款');
    const details = (refused.body.details as { path: string }[]).map((d) => d.path);
    expect(details).toEqual(expect.arrayContaining(['gates.consultation', 'gates.procedure.consultDiscipline', 'gates.unitPublicity']));
    const still = applicationResponse.parse((await call(campaign, 'GET /v1/applications/{applicationId}', { as: chair, params: { applicationId: draft.applicationId } })).body).application;
    expect(still).toMatchObject({ status: 'draft', version: leader.version });

    // The members consulted and the 纪检监察 opinion sought: both gates pass.
    const consulted = await save(chair, leader, {
      consultation: '2026 年 11 月 20 日召开会员代表大会征求意见，无异议；已征求公司党委和纪委意见。',
      declared: { nominee: { isPartyLeaderOrOfficial: true }, attestations: { 'procedure.consultDiscipline': true } },
    });
    expect(gate(consulted, 'consultation')?.passed).toBe(true);
    expect(gate(consulted, 'procedure.consultDiscipline')?.passed).toBe(true);
    const onlyPublicity = await submit(chair, consulted);
    expect(onlyPublicity).toMatchObject({ status: 409, body: { details: [{ path: 'gates.unitPublicity' }] } });

    await unitPublicityRun('gu-yuntai', { nomineeName: '云台会员', unitName: '云台新材料有限公司', title: 'outstandingWorker', nomineeRef: nominee });
    const submitted = ok(await submit(chair, consulted));
    expect(submitted).toMatchObject({ status: 'submitted', atOrgId: 'dist-jiefang' });
    expect(submitted.gates.every((g) => g.passed)).toBe(true);
    const passed = ok(await call(campaign, 'POST /v1/applications/{applicationId}/decision', { as: callers.jiefangReviewer, params: { applicationId: submitted.applicationId }, body: { version: submitted.version, action: 'pass' } }));
    expect(passed.status).toBe('passed');
  });

  it('asks no 纪检监察 opinion for a person who is neither a 党员领导干部 nor a 公职人员, nor for a collective', async () => {
    const cmp = await publish('acftu-2020', ['modelHome', 'outstandingWorker']);
    const person = applicationResponse.parse(
      (await call(campaign, 'POST /v1/campaigns/{campaignId}/applications', { as: chair, params: { campaignId: cmp.campaignId }, body: { requestId: randomUUID(), title: 'outstandingWorker', nominee: { kind: 'person', memberId: 'gu-yuntai-m008' } } })).body,
    ).application;
    const neither = await save(chair, person, { declared: { nominee: { isPartyLeaderOrOfficial: false } } });
    expect(neither.gates.map((g) => g.id)).toEqual(['consultation', 'unitPublicity']);

    const union = applicationResponse.parse(
      (await call(campaign, 'POST /v1/campaigns/{campaignId}/applications', { as: chair, params: { campaignId: cmp.campaignId }, body: { requestId: randomUUID(), title: 'modelHome', nominee: { kind: 'org', orgId: 'gu-yuntai' } } })).body,
    ).application;
    expect(union.gates.map((g) => [g.id, g.citation])).toEqual([
      ['consultation', '总工办发〔2020〕15号 第十六条第一款'],
      ['unitPublicity', '总工办发〔2020〕15号 第十六条第一款'],
    ]);
  });
});

describe('a beijing-2021 nomination of an institution\'s union (第十三条)', () => {
  it('holds it for the 组织人事、纪检监察 consultation as well as the members\', both citing 第十三条', async () => {
    const cmp = await publish('beijing-2021', ['modelHome']);
    const filed = await call(campaign, 'POST /v1/campaigns/{campaignId}/applications', { as: callers.renminChair, params: { campaignId: cmp.campaignId }, body: { requestId: randomUUID(), title: 'modelHome', nominee: { kind: 'org', orgId: 'gu-renmin' } } });
    expect(filed.status).toBe(201);
    const draft = applicationResponse.parse(filed.body).application;
    expect(gate(draft, 'consultation')).toMatchObject({ passed: false, citation: '京工发〔2021〕19号 第十三条' });
    expect(gate(draft, 'procedure.consultPersonnel')).toMatchObject({ passed: false, attestable: true, citation: '京工发〔2021〕19号 第十三条' });
    expect(gate(draft, 'procedure.consultRegulators')).toBeUndefined();

    const confirmed = await save(callers.renminChair, draft, { consultation: '召开会员代表大会征求意见，无异议。', declared: { attestations: { 'procedure.consultPersonnel': true } } });
    expect([gate(confirmed, 'consultation')?.passed, gate(confirmed, 'procedure.consultPersonnel')?.passed]).toEqual([true, true]);
  });
});
