import { GetCommand, PutCommand, ScanCommand } from '../../../functions/storage/document-client';
import { campaignKeys } from '../../../functions/campaign/campaign-items';
import { handler as campaign } from '../../../functions/handlers/campaign';
import { handler as publicity } from '../../../functions/handlers/publicity';
import { handler as recovery } from '../../../functions/handlers/recovery';
import { recheckKeys } from '../../../functions/honours/recheck-run';
import { recoveryKeys } from '../../../functions/honours/recovery-tasks';
import { registerAttributes } from '../../../functions/honours/register-items';
import { publicityKeys } from '../../../functions/publicity/publicity-items';
import { dynamoDirectory } from '../../../functions/storage/dynamo-directory';
import { keys } from '../../../functions/storage/keys';
import { certificateCheckResponse } from '../../../shared/api/certificate';
import { honourDetailResponse } from '../../../shared/api/register';
import { revocationCaseResponse, revocationListResponse, revocationOptionsResponse, type RevocationCaseView } from '../../../shared/api/revocation';
import { httpEvent } from '../../support/http-event';
import { call, callers } from '../roster/roster-support';
import { useSeededTable } from '../campaign/seeded-table';

/**
 * 撤销荣誉称号 by the procedure of each ruleset (issue 17 point 3) through the handlers against DynamoDB Local, on
 * honours awarded by 焦作市总工会 to unions of 山阳区 (its district federation agrees and, for these honours without an
 * application on record, stands for the recommending unit):
 * - 总工办发〔2020〕15号 第二十六条 both routes: applied (原推荐单位 → 同意 → 核查 → 批准) and direct on an automatic flag;
 * - 京工发〔2021〕19号 第二十三条 refused at the district (the title stays), then 第二十四条 direct on a report found true;
 * - 桂工发〔2021〕8号 八、（五）第三款 direct only for a report made to the awarding body itself, verified and decided by two people.
 * Every refusal changes nothing; the revocation sets the honour 已撤销 with its article, opens the recovery task
 * (第二十七条) in the same transaction, and tells the holder's union.
 */
jest.setTimeout(120_000);

const seeded = useSeededTable('2027-01-15T10:00:00+08:00');
const { cityOrganiser, shanyangReviewer, jiefangReviewer, taihangChair, qinhuaiChair } = callers;
/** A reviewer of the awarding body itself: its department that verifies (核查). */
const cityReviewer = 'staff-city-rev';
const grounds = '经核查，该单位申报材料中会员评家结果与原始记录不符，情况属实。';

const no = {
  acftuApplied: 'REV-ACFTU-2023-0001',
  acftuDirect: 'REV-ACFTU-2023-0002',
  beijing: 'REV-BEIJING-2023-0001',
  guangxi: 'REV-GUANGXI-2023-0001',
  jiaozuo: 'REV-JIAOZUO-2023-0001',
  race: 'REV-ACFTU-2023-0003',
};

async function putHonour(certificateNo: string, unionId: string, rulesetId: string) {
  const { db, tableName } = seeded();
  const directory = dynamoDirectory(db, tableName);
  const union = (await directory.getOrgs([unionId])).get(unionId)!;
  const at = '2023-12-20T02:00:00.000Z';
  const fields = registerAttributes(
    { holderOrgId: union.orgId, holderOrgName: union.name, holderPath: union.path, holderKind: 'org', awardingOrgId: 'city-jz', awardingOrgName: '焦作市总工会', awardingPath: '/city-jz', campaignName: '2023 年度模范职工之家评选', rulesetId, state: 'current', history: [{ kind: 'granted', state: 'current', at }], source: 'decision' },
    2023,
    certificateNo,
  );
  await db.send(new PutCommand({ TableName: tableName, Item: { ...campaignKeys.honour(certificateNo), entity: 'honour', certificateNo, applicationId: `app-${certificateNo.toLowerCase()}`, title: '模范职工之家', titleCode: 'modelHome', nomineeName: union.name, nomineeId: union.orgId, year: 2023, awardedAt: at, campaignId: 'c-rev-2023', ...fields } }));
}

/** A report on the honour's publicity entry, found 核查属实, filed to the publicity of `scopePath`. */
async function putFoundReport(reportId: string, certificateNo: string, scopePath: string, nomineeName: string) {
  const { db, tableName } = seeded();
  const publicityId = `pub-${reportId}`;
  await db.send(new PutCommand({ TableName: tableName, Item: { ...publicityKeys.entry(publicityId, 'e001'), entity: 'publicityEntry', publicityId, entryId: 'e001', applicationId: `app-${certificateNo.toLowerCase()}`, nomineeName } }));
  await db.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        ...publicityKeys.report(reportId),
        entity: 'report',
        reportId,
        publicityId,
        entryId: 'e001',
        nomineeName,
        scopePath,
        kind: 'supervision',
        status: 'substantiated',
        finding: { outcome: 'substantiated', reason: '申报材料中的会员评家结果系伪造，与原始选票记录不符。', article: '第二十条', disqualified: false, at: '2026-06-01T02:00:00.000Z', by: 'staff-city-2' },
        gsi3pk: publicityKeys.reportScope('city-jz'),
        gsi3sk: `${scopePath}#2026-05-01T02:00:00.000Z#${reportId}`,
      },
    }),
  );
}

beforeAll(async () => {
  const { db, tableName } = seeded();
  await db.send(new PutCommand({ TableName: tableName, Item: { ...keys.member(cityReviewer), entity: 'member', memberId: cityReviewer, name: '郑审核', orgId: 'city-jz', gsi1pk: keys.childOf('city-jz'), gsi1sk: `MEMBER#郑审核#${cityReviewer}` } }));
  await db.send(new PutCommand({ TableName: tableName, Item: { ...keys.role(cityReviewer, 'city-jz', 'reviewer'), entity: 'role', memberId: cityReviewer, orgId: 'city-jz', role: 'reviewer', gsi1pk: keys.childOf('city-jz'), gsi1sk: `ROLE#reviewer#${cityReviewer}` } }));
  await db.send(new PutCommand({ TableName: tableName, Item: { ...campaignKeys.campaign('c-rev-2023'), entity: 'campaign', campaignId: 'c-rev-2023', orgId: 'city-jz', orgPath: '/city-jz', heading: '2023 年度模范职工之家评选', status: 'decided', rulesetId: 'acftu-2020' } }));
  await putHonour(no.acftuApplied, 'gu-taihang', 'acftu-2020');
  await putHonour(no.acftuDirect, 'gu-qinhuai', 'acftu-2020');
  await putHonour(no.beijing, 'gu-taihang', 'beijing-2021');
  await putHonour(no.guangxi, 'gu-qinhuai', 'guangxi-2021');
  await putHonour(no.jiaozuo, 'gu-taihang', 'jiaozuo-2018');
  await putHonour(no.race, 'gu-qinhuai', 'acftu-2020');
  // 2026's 复查 flagged 覃怀物流's union: dissatisfaction over 50% in 2025 and 2026 (第二十三条（九）).
  await db.send(new PutCommand({ TableName: tableName, Item: { ...recheckKeys.result(no.acftuDirect, 2026), entity: 'recheck', certificateNo: no.acftuDirect, year: 2026, rulesetId: 'acftu-2020', outcome: 'flagged', at: '2027-01-10T02:00:00.000Z', by: 'clock', checks: [], flags: [{ groundId: 'revoke.home.dissatisfaction', explanation: '会员评家不满意率 2025 年 55%、2026 年 60%，连续两年超过 50%', citation: '总工办发〔2020〕15号 第二十三条（九）', years: [2025, 2026] }] } }));
});

const open = (as: string, certificateNo: string, body: Record<string, unknown>) => call(campaign, 'POST /v1/honours/{certificateNo}/revocations', { as, params: { certificateNo }, body: { grounds, ...body } });
const step = (as: string, caseId: string, body: Record<string, unknown>) => call(campaign, 'POST /v1/revocations/{caseId}/steps', { as, params: { caseId }, body: { grounds, ...body } });
const honour = async (certificateNo: string) => (await seeded().db.send(new GetCommand({ TableName: seeded().tableName, Key: campaignKeys.honour(certificateNo), ConsistentRead: true }))).Item!;
const caseOf = (r: { body: Record<string, unknown> }): RevocationCaseView => revocationCaseResponse.parse(r.body).case;

async function publicCheck(certificateNo: string) {
  const routeKey = 'GET /v1/public/certificates/{certificateNo}';
  const event = httpEvent('GET', `/v1/public/certificates/${encodeURIComponent(certificateNo)}`);
  const result = await publicity({ ...event, routeKey, requestContext: { ...event.requestContext, routeKey }, pathParameters: { certificateNo } });
  return certificateCheckResponse.parse(JSON.parse(String(result.body)));
}

async function outbox(templateKey: string, caseId: string) {
  const { db, tableName } = seeded();
  const items = (await db.send(new ScanCommand({ TableName: tableName, FilterExpression: 'entity = :o AND templateKey = :t', ExpressionAttributeValues: { ':o': 'outbox', ':t': templateKey } }))).Items ?? [];
  return items.filter((n) => (n.params as Record<string, string>).caseId === caseId);
}

describe('总工办发〔2020〕15号 第二十六条第一、二款: the applied route, step by step', () => {
  let caseId: string;

  it('is opened by the recommending unit on its request; a second case on the same honour is refused', async () => {
    const opened = await open(shanyangReviewer, no.acftuApplied, { routeId: 'applied', trigger: 'request' });
    expect(opened.status).toBe(201);
    const c = caseOf(opened);
    caseId = c.caseId;
    expect(c.status).toBe('open');
    expect(c.steps.map((s) => [s.stepId, s.orgName])).toEqual([
      ['apply', '山阳区总工会'],
      ['agree', '山阳区总工会'],
      ['verify', '焦作市总工会'],
      ['approve', '焦作市总工会'],
    ]);
    expect(c.waiting).toEqual({ stepId: 'apply', mayAct: true });
    expect((await honour(no.acftuApplied)).openRevocationId).toBe(caseId);

    const again = await open(cityOrganiser, no.acftuApplied, { routeId: 'direct', trigger: 'reportFound', groundId: 'revoke.home.fraud', reportId: 'nope' });
    expect(again.status).toBe(409);
    const twice = await open(shanyangReviewer, no.acftuApplied, { routeId: 'applied', trigger: 'request' });
    expect(twice.status).toBe(409);
    expect(twice.body.message).toContain('已有正在办理的撤销案件');
  });

  it('refuses another district (scope), the awarding body acting for the recommending unit, a skipped step and a stale version', async () => {
    const before = await honour(no.acftuApplied);
    expect((await step(jiefangReviewer, caseId, { stepId: 'apply', approved: true, version: 1 })).status).toBe(403);
    const awarding = await step(cityOrganiser, caseId, { stepId: 'apply', approved: true, version: 1 });
    expect(awarding.status).toBe(403);
    expect(awarding.body.message).toContain('原推荐单位（山阳区总工会）');
    const skipped = await step(shanyangReviewer, caseId, { stepId: 'verify', approved: true, version: 1 });
    expect(skipped.status).toBe(400);
    expect(skipped.body.message).toContain('不能跳过或重复步骤');
    const short = await step(shanyangReviewer, caseId, { stepId: 'apply', approved: true, version: 1, grounds: '太短' });
    expect(short.status).toBe(400);
    expect(short.body.message).toContain('理由（grounds）');
    expect(await honour(no.acftuApplied)).toEqual(before);
    expect(caseOf(await call(campaign, 'GET /v1/revocations/{caseId}', { as: shanyangReviewer, params: { caseId } })).version).toBe(1);

    expect((await step(shanyangReviewer, caseId, { stepId: 'apply', approved: true, version: 1 })).status).toBe(200);
    const stale = await step(shanyangReviewer, caseId, { stepId: 'agree', approved: true, version: 1 });
    expect(stale.status).toBe(409);
  });

  it('goes through agreement, verification and approval by different people, then revokes with the recovery task and the notices', async () => {
    const agreed = caseOf(await step(shanyangReviewer, caseId, { stepId: 'agree', approved: true, version: 2 }));
    expect(agreed.waiting).toEqual({ stepId: 'verify', mayAct: false });
    // The awarding body's department was told it is its turn.
    expect((await outbox('honour.revocationWaiting', caseId)).map((n) => n.recipientId)).toContain(cityReviewer);

    const verified = caseOf(await step(cityReviewer, caseId, { stepId: 'verify', approved: true, version: 3 }));
    expect(verified.steps[2]?.taken).toMatchObject({ approved: true, byName: '郑审核' });
    // The one who verified does not approve: he is no organiser, and even so verifying and approving are two people's acts.
    expect((await step(cityReviewer, caseId, { stepId: 'approve', approved: true, version: 4 })).status).toBe(403);

    const revoked = caseOf(await step(cityOrganiser, caseId, { stepId: 'approve', approved: true, version: 4 }));
    expect(revoked.status).toBe('revoked');
    expect(revoked.decision).toEqual({ text: '撤销荣誉称号、取消命名，收回证书和奖牌', citation: '总工办发〔2020〕15号 第二十六条第一款', on: '2027-01-15' });

    const item = await honour(no.acftuApplied);
    expect(item).toMatchObject({ status: 'revoked', state: 'revoked', revocationCaseId: caseId });
    expect(item.openRevocationId).toBeUndefined();
    expect(await publicCheck(no.acftuApplied)).toMatchObject({ status: { state: 'revoked', label: '已撤销', revokedOn: '2027-01-15', citation: '总工办发〔2020〕15号 第二十六条第一款' } });
    const task = (await seeded().db.send(new GetCommand({ TableName: seeded().tableName, Key: recoveryKeys.task(no.acftuApplied) }))).Item;
    expect(task).toBeDefined();

    const detail = honourDetailResponse.parse((await call(campaign, 'GET /v1/honours/{certificateNo}', { as: cityOrganiser, params: { certificateNo: no.acftuApplied } })).body).honour;
    expect(detail.history.map((e) => e.kind)).toEqual(['granted', 'revocationOpened', 'revoked']);
    expect(detail.state).toBe('revoked');

    // The holder's union heard of the opening and of every step, the decision included.
    const toChair = (await outbox('honour.revocationProgress', caseId)).filter((n) => n.recipientId === taihangChair);
    expect(toChair.length).toBe(5);
    const events = (await seeded().db.send(new ScanCommand({ TableName: seeded().tableName, FilterExpression: 'subjectId = :s AND begins_with(#a, :h)', ExpressionAttributeNames: { '#a': 'action' }, ExpressionAttributeValues: { ':s': no.acftuApplied, ':h': 'honour.' } }))).Items ?? [];
    expect(events.map((e) => e.action).sort()).toEqual(['honour.revocationOpened', 'honour.revocationStep', 'honour.revocationStep', 'honour.revocationStep', 'honour.revoked'].sort());

    const over = await step(cityOrganiser, caseId, { stepId: 'approve', approved: true, version: 5 });
    expect(over.status).toBe(400);
    const reopened = await open(shanyangReviewer, no.acftuApplied, { routeId: 'applied', trigger: 'request' });
    expect(reopened.status).toBe(409);
    expect(reopened.body.message).toContain('已撤销');
  });
});

describe('the revoked title’s certificate (第二十七条)', () => {
  it('is recovered by the district’s own reviewing staff, who act for 山阳区 as they send its lists; the public check still reads 已撤销', async () => {
    const read = await call(recovery, 'GET /v1/recovery-tasks/{taskId}', { as: shanyangReviewer, params: { taskId: no.acftuApplied } });
    expect(read.status).toBe(200);
    expect(read.body.task).toMatchObject({ status: 'open', canRecord: true });
    expect((await call(recovery, 'GET /v1/recovery-tasks/{taskId}', { as: jiefangReviewer, params: { taskId: no.acftuApplied } })).status).toBe(403);
    const recorded = await call(recovery, 'POST /v1/recovery-tasks/{taskId}/recovery', { as: shanyangReviewer, params: { taskId: no.acftuApplied }, body: { version: 1, certificate: true, plaque: true, recoveredOn: '2027-01-15', recoveredBy: '孙建国', note: '撤销决定送达后当场收回' } });
    expect(recorded.status).toBe(200);
    expect(await honour(no.acftuApplied)).toMatchObject({ status: 'recalled', state: 'recovered' });
    expect(await publicCheck(no.acftuApplied)).toMatchObject({ status: { state: 'revoked', citation: '总工办发〔2020〕15号 第二十六条第一款' } });
  });
});

describe('总工办发〔2020〕15号 第二十六条第三款: the top body decides directly on a ground found', () => {
  it('needs a ground of the ruleset that the flagging 复查 found, and only the awarding body opens it', async () => {
    expect((await open(cityOrganiser, no.acftuDirect, { routeId: 'direct', trigger: 'automaticFlag', recheckYear: 2026 })).body.message).toContain('groundId');
    expect((await open(cityOrganiser, no.acftuDirect, { routeId: 'direct', trigger: 'request', groundId: 'revoke.home.fraud' })).body.message).toContain('不能由「原推荐单位申请」发起');
    expect((await open(cityOrganiser, no.acftuDirect, { routeId: 'direct', trigger: 'automaticFlag', recheckYear: 2025, groundId: 'revoke.home.dissatisfaction' })).body.message).toContain('复查年度（recheckYear）2025 年度复查的结论不是');
    expect((await open(cityOrganiser, no.acftuDirect, { routeId: 'direct', trigger: 'automaticFlag', recheckYear: 2026, groundId: 'revoke.home.fraud' })).body.message).toContain('不包括所选情形');
    expect((await open(cityOrganiser, no.acftuDirect, { routeId: 'direct', trigger: 'automaticFlag', recheckYear: 2026, groundId: 'revoke.person.fraud' })).body.message).toContain('不适用于该称号');
    expect((await open(shanyangReviewer, no.acftuDirect, { routeId: 'direct', trigger: 'automaticFlag', recheckYear: 2026, groundId: 'revoke.home.dissatisfaction' })).status).toBe(403);
    expect((await open(qinhuaiChair, no.acftuDirect, { routeId: 'applied', trigger: 'request' })).status).toBe(403);
    expect((await honour(no.acftuDirect)).openRevocationId).toBeUndefined();

    const options = revocationOptionsResponse.parse((await call(campaign, 'GET /v1/honours/{certificateNo}/revocation-options', { as: cityOrganiser, params: { certificateNo: no.acftuDirect } })).body);
    expect(options.routes.map((r) => r.routeId)).toEqual(['applied', 'direct']);
    expect(options.rechecks).toEqual([{ year: 2026, outcome: 'flagged', label: '2026 年度复查触发撤销情形', groundIds: ['revoke.home.dissatisfaction'] }]);
    expect(options.grounds.map((g) => g.id)).toContain('revoke.home.dissatisfaction');
    expect(options.grounds.map((g) => g.id)).not.toContain('revoke.person.fraud');

    const opened = caseOf(await open(cityOrganiser, no.acftuDirect, { routeId: 'direct', trigger: 'automaticFlag', recheckYear: 2026, groundId: 'revoke.home.dissatisfaction' }));
    expect(opened.triggerBasis).toBe('2026 年度复查触发撤销情形');
    expect(opened.steps.map((s) => s.stepId)).toEqual(['decide']);
    // The holder's chair reads the case, and cannot act in it.
    const asChair = caseOf(await call(campaign, 'GET /v1/revocations/{caseId}', { as: qinhuaiChair, params: { caseId: opened.caseId } }));
    expect(asChair.waiting).toEqual({ stepId: 'decide', mayAct: false });
    expect((await step(qinhuaiChair, opened.caseId, { stepId: 'decide', approved: true, version: 1 })).status).toBe(403);

    const decided = caseOf(await step(cityOrganiser, opened.caseId, { stepId: 'decide', approved: true, version: 1 }));
    expect(decided.decision?.citation).toBe('总工办发〔2020〕15号 第二十三条（九）');
    expect(await publicCheck(no.acftuDirect)).toMatchObject({ status: { state: 'revoked', citation: '总工办发〔2020〕15号 第二十三条（九）' } });
    // 书面通报推荐单位: the district heard of the decision.
    expect((await outbox('honour.revocationProgress', opened.caseId)).map((n) => n.recipientId)).toContain(shanyangReviewer);
  });
});

describe('京工发〔2021〕19号 第二十三条–第二十四条', () => {
  it('ends with the title standing when the district does not agree; then a report found true lets the city decide directly', async () => {
    const applied = caseOf(await open(shanyangReviewer, no.beijing, { routeId: 'applied', trigger: 'request' }));
    await step(shanyangReviewer, applied.caseId, { stepId: 'apply', approved: true, version: 1 });
    const refused = caseOf(await step(shanyangReviewer, applied.caseId, { stepId: 'agree', approved: false, version: 2, grounds: '经区总工会调查，所反映问题已整改到位，不同意撤销。' }));
    expect(refused.status).toBe('refused');
    expect(refused.statusLabel).toBe('已终止（称号保留）');
    const item = await honour(no.beijing);
    expect(item.openRevocationId).toBeUndefined();
    expect(item.status).toBeUndefined();
    expect((await publicCheck(no.beijing)).status.state).toBe('valid');

    await putFoundReport('rpt-beijing-1', no.beijing, '/city-jz', '太行智造科技有限公司工会');
    await putFoundReport('rpt-other', 'REV-SOMEONE-ELSE', '/city-jz', '太行智造科技有限公司工会');
    expect((await open(cityOrganiser, no.beijing, { routeId: 'direct', trigger: 'reportFound', reportId: 'rpt-other', groundId: 'revoke.home.fraud' })).body.message).toContain('reportId');
    const direct = caseOf(await open(cityOrganiser, no.beijing, { routeId: 'direct', trigger: 'reportFound', reportId: 'rpt-beijing-1', groundId: 'revoke.home.fraud' }));
    expect(direct.triggerBasis).toBe('申报材料中的会员评家结果系伪造，与原始选票记录不符。（第二十条）');
    const decided = caseOf(await step(cityOrganiser, direct.caseId, { stepId: 'decide', approved: true, version: 1 }));
    expect(decided.decision).toMatchObject({ text: '撤销称号，收回证书和奖牌', citation: '京工发〔2021〕19号 第二十条（一）' });
    expect(await publicCheck(no.beijing)).toMatchObject({ status: { state: 'revoked', label: '已撤销', citation: '京工发〔2021〕19号 第二十条（一）' } });

    const list = revocationListResponse.parse((await call(campaign, 'GET /v1/orgs/{orgId}/revocations', { as: shanyangReviewer, params: { orgId: 'dist-shanyang' } })).body);
    const mine = list.cases.filter((c) => c.certificateNo === no.beijing);
    expect(mine.map((c) => c.status).sort()).toEqual(['refused', 'revoked']);
    expect((await call(campaign, 'GET /v1/orgs/{orgId}/revocations', { as: jiefangReviewer, params: { orgId: 'dist-shanyang' } })).status).toBe(403);
  });
});

describe('桂工发〔2021〕8号 八、（五）第三款', () => {
  it('decides directly only on a report made to the autonomous region’s federation itself, verified and decided by two people', async () => {
    await putFoundReport('rpt-gx-district', no.guangxi, '/city-jz/dist-shanyang', '覃怀物流股份有限公司工会');
    const viaDistrict = await open(cityOrganiser, no.guangxi, { routeId: 'direct', trigger: 'reportFound', reportId: 'rpt-gx-district', groundId: 'revoke.home.fraud' });
    expect(viaDistrict.status).toBe(400);
    expect(viaDistrict.body.message).toContain('该举报（reportId）不能发起「直接核查」：只适用于举报人直接向焦作市总工会举报的情形');
    expect((await open(cityOrganiser, no.guangxi, { routeId: 'direct', trigger: 'automaticFlag', recheckYear: 2026, groundId: 'revoke.home.fraud' })).body.message).toContain('不能由「触发自动撤销情形」发起');

    await putFoundReport('rpt-gx-city', no.guangxi, '/city-jz', '覃怀物流股份有限公司工会');
    const c = caseOf(await open(cityOrganiser, no.guangxi, { routeId: 'direct', trigger: 'reportFound', reportId: 'rpt-gx-city', groundId: 'revoke.home.fraud' }));
    expect(c.steps.map((s) => s.stepId)).toEqual(['verify', 'decide']);
    await step(cityOrganiser, c.caseId, { stepId: 'verify', approved: true, version: 1 });
    const same = await step(cityOrganiser, c.caseId, { stepId: 'decide', approved: true, version: 2 });
    expect(same.status).toBe(403);
    expect(same.body.message).toContain('核查和批准应由不同人员办理');
  });
});

describe('rulesets without a procedure, and a race', () => {
  it('refuses a case under 焦作 2018, which has no revocation articles', async () => {
    const refused = await open(cityOrganiser, no.jiaozuo, { routeId: 'applied', trigger: 'request' });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain('未规定撤销程序');
    const options = revocationOptionsResponse.parse((await call(campaign, 'GET /v1/honours/{certificateNo}/revocation-options', { as: cityOrganiser, params: { certificateNo: no.jiaozuo } })).body);
    expect(options.routes).toEqual([]);
    expect(options.refusal).toContain('未规定撤销程序');
    expect((await call(campaign, 'GET /v1/honours/{certificateNo}/revocation-options', { as: taihangChair, params: { certificateNo: no.jiaozuo } })).status).toBe(403);
  });

  it('takes one of two steps sent at once on the same version', async () => {
    const c = caseOf(await open(shanyangReviewer, no.race, { routeId: 'applied', trigger: 'request' }));
    const both = await Promise.all([step(shanyangReviewer, c.caseId, { stepId: 'apply', approved: true, version: 1 }), step(shanyangReviewer, c.caseId, { stepId: 'apply', approved: false, version: 1, grounds: '撤回申请，材料需要进一步核实后再报。' })]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const after = caseOf(await call(campaign, 'GET /v1/revocations/{caseId}', { as: shanyangReviewer, params: { caseId: c.caseId } }));
    expect(after.version).toBe(2);
    expect(after.steps.filter((s) => s.taken).length).toBe(1);
  });
});
