import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { applicationResponse, campaignListResponse, campaignResponse, listBoardResponse, } from '../../shared/api/campaign';
import { UpdateCommand } from '../../functions/storage/document-client';
import { holidayExtensions } from '../../config/holidays';
import { createDocumentClient } from '../../functions/storage/dynamo';
import { invokeClock } from '../../scripts/local/local-stack';
import { officialCalendar } from '../../shared/calendar';
import { launchBrowser, phonePage, saveScreenshot } from '../support/browser';
import { env, shown, picture, api, tokenOf, demoIdentity, logInAs, publishJiaozuoCampaign, beijingDay, stackNow , uniqueMark } from '../support/e2e-app';

jest.setTimeout(240_000);

/**
 * chair-1 chairs gu-yuntai (解放区); reviewer-jiefang reviews at dist-jiefang; the organiser (staff-city-1) runs
 * campaigns at city-jz. gu-yuntai-m003's 工号 is YUN0003 (scripts/local/seed.ts).
 */
const nomineeId = 'gu-yuntai-m003';
const nomineeEmployeeNo = 'YUN0003';
const jzDoc = '焦作市总工会评选表彰通知（2018年）';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

/** Moves a publicity window's end to a minute ago on the stack's clock (its record and its place in the clock's due index). */
async function endWindowNow(publicityId: string): Promise<void> {
  const db = createDocumentClient(env('E2E_DYNAMODB_ENDPOINT'));
  const endsAt = new Date(stackNow().getTime() - 60_000).toISOString();
  await db.send(
    new UpdateCommand({
      TableName: env('E2E_TABLE_NAME'),
      Key: { pk: `PUBLICITY#${publicityId}`, sk: 'PUBLICITY' },
      UpdateExpression: 'SET endsAt = :endsAt, gsi2sk = :due',
      ConditionExpression: 'attribute_exists(gsi2pk)',
      ExpressionAttributeValues: { ':endsAt': endsAt, ':due': `${endsAt}#${publicityId}` },
    }),
  );
  db.destroy();
}

describe('申报 and 审核 on H5 at phone size (375×812)', () => {
  it('a chair files 优秀工会工作者 for a member, is refused while a barring circumstance is declared, fixes it and submits; the district reviewer passes it and sends the list up; the organiser awards it', async () => {
    // ---- The organiser publishes a jiaozuo-2018 campaign (through the API): one title, 解放区 recommends.
    const [organiserToken, chairToken, reviewerToken] = await Promise.all([tokenOf('organiser'), tokenOf('chair-1'), tokenOf('reviewer-jiefang')]);
    const heading = `E2E 评选表彰 ${uniqueMark()}`;
    const campaign = await publishJiaozuoCampaign(organiserToken, heading);

    // ---- The chair opens 申报评选 and files for a member found on the roster by 工号.
    const chair = await phonePage(browser);
    await logInAs(chair, await demoIdentity('chair-1'));
    await shown(chair, '.home-link-applications').click();
    await shown(chair, '.applications-new').click({ timeout: 30_000 });
    await shown(chair, '.applications-campaign').filter({ hasText: heading }).click();
    await expect(shown(chair, '.applications-title[data-active="true"]').textContent()).resolves.toBe('优秀工会工作者');
    await shown(chair, '.applications-person-search__input input').fill(nomineeEmployeeNo);
    await shown(chair, '.applications-person-search__go').click();
    await shown(chair, `.applications-person[data-member-id="${nomineeId}"]`).click({ timeout: 30_000 });
    await shown(chair, `.applications-nominee--person[data-member-id="${nomineeId}"]`).waitFor();
    await picture(chair, 'application-new');
    await shown(chair, '.applications-create').click();

    // ---- 填写申报: a draft, with the system's facts and the live check.
    const form = shown(chair, '.application-edit[data-application-id]');
    await form.waitFor({ timeout: 30_000 });
    const applicationId = String(await form.getAttribute('data-application-id'));
    expect(applicationId).toMatch(/^app-[0-9a-f]{16}$/);
    await expect(shown(chair, '.application-edit-status').getAttribute('data-status')).resolves.toBe('draft');
    const bar = shown(chair, '.self-check-barring[data-item="seriousViolation"]');
    const seriousViolation = shown(chair, '.application-edit-conditions .self-check-result[data-condition="generalBar.seriousViolation"]');
    await expect(seriousViolation.getAttribute('data-status')).resolves.toBe('missing');

    // Declaring a barring circumstance (YES): the condition fails at once, with its article.
    await bar.locator('.self-check-barring__answer[data-value="true"]').click();
    await expect(seriousViolation.getAttribute('data-status')).resolves.toBe('fail');
    await expect(seriousViolation.locator('.self-check-citation').textContent()).resolves.toBe(`依据：${jzDoc} 二、`);
    await expect(shown(chair, '.application-edit-bar').getAttribute('data-verdict')).resolves.toBe('ineligible');
    await expect(shown(chair, '.application-edit-conditions .self-check-result').first().getAttribute('data-condition')).resolves.toBe('generalBar.seriousViolation');

    // The narratives count as they are typed.
    const summary = '长期从事工会工作，帮助职工解决实际困难。';
    await shown(chair, '.application-edit-text[data-field="summary"] textarea').fill(summary);
    await expect(shown(chair, '.application-edit-text[data-field="summary"] .application-edit-text__count').textContent()).resolves.toBe(`${summary.length} / 500 字`);
    await expect(shown(chair, '.application-edit-text[data-field="narrative"] .application-edit-text__count').textContent()).resolves.toBe('0 / 2000 字');

    // Autosave (about a second after the last change) reaches the server: the declaration is there.
    await shown(chair, '.application-edit-save[data-state="saved"]').waitFor({ timeout: 30_000 });
    await waitUntil(async () => {
      const { body } = await api('GET', `/applications/${applicationId}`, chairToken);
      const saved = applicationResponse.parse(body).application;
      return saved.summary === summary && (saved.facts.barringCircumstances as Record<string, boolean> | undefined)?.seriousViolation === true;
    }, 'the autosave of the declaration');
    await picture(chair, 'application-edit-failing');

    // Submitting is refused, with the condition and its article.
    await shown(chair, '.application-edit-submit').click();
    const refusal = shown(chair, '.application-edit-refusal');
    await refusal.waitFor({ timeout: 30_000 });
    await expect(refusal.getAttribute('data-code')).resolves.toBe('APPLICATION.INELIGIBLE');
    await expect(refusal.locator('.application-edit-refusal__detail').first().textContent()).resolves.toContain('二、');
    await expect(shown(chair, '.application-edit-status').getAttribute('data-status')).resolves.toBe('draft');
    await saveScreenshot(chair, 'application-edit-refused');

    // Fixed (NO to both circumstances): the condition passes. Whether the member is a cadre of a union's leading body
    // is no condition of the application, but 解放区's list counts it (JZ 三、（四）: at most 10 %).
    await bar.locator('.self-check-barring__answer[data-value="false"]').click();
    await shown(chair, '.self-check-barring[data-item="safetyAccident"] .self-check-barring__answer[data-value="false"]').click();
    await shown(chair, '.self-check-attribute[data-fact="isLeadingBodyCadre"] .self-check-attribute__option[data-value="false"]').click();
    await expect(seriousViolation.getAttribute('data-status')).resolves.toBe('pass');
    await expect(shown(chair, '.application-edit-refusal').count()).resolves.toBe(0);
    // Submitting: the pending changes are saved first, then the server checks again.
    await shown(chair, '.application-edit-submit').click();
    await shown(chair, '.application-edit-status[data-status="submitted"]').waitFor({ timeout: 30_000 });
    await shown(chair, '.application-edit-submitted').waitFor();
    await expect(shown(chair, '.application-edit-submit').count()).resolves.toBe(0);
    await expect(shown(chair, '.application-edit-history__action').first().textContent()).resolves.toBe('提交申报');
    await picture(chair, 'application-edit-submitted');

    // ---- The 解放区 reviewer finds it in 审核申报 and passes it.
    const reviewer = await phonePage(browser);
    await logInAs(reviewer, await demoIdentity('reviewer-jiefang'));
    await shown(reviewer, '.home-link-review-queue').click();
    const item = shown(reviewer, `.queue-item[data-application-id="${applicationId}"]`);
    await item.waitFor({ timeout: 30_000 });
    await expect(item.locator('.queue-item__title').textContent()).resolves.toBe('优秀工会工作者');
    await picture(reviewer, 'review-queue');
    await item.click();

    const review = shown(reviewer, `.review[data-application-id="${applicationId}"]`);
    await review.waitFor({ timeout: 30_000 });
    await expect(review.locator('.review-status').getAttribute('data-status')).resolves.toBe('submitted');
    const condition = review.locator('.review-condition[data-condition="generalBar.seriousViolation"]');
    await expect(condition.getAttribute('data-status')).resolves.toBe('pass');
    await expect(condition.locator('.review-citation').textContent()).resolves.toBe(`依据：${jzDoc} 二、`);
    await expect(review.locator('.review-narrative[data-field="summary"] .review-narrative__text').textContent()).resolves.toBe(summary);
    await review.locator('.review-action[data-action="pass"]').click();
    await review.locator('.review-comment textarea').fill('材料齐全，同意推荐。');
    await picture(reviewer, 'review-application');
    await review.locator('.review-confirm').click();
    await review.locator('.review-status[data-status="passed"]').waitFor({ timeout: 30_000 });
    await expect(review.locator('.review-history__action').first().textContent()).resolves.toBe('审核通过');
    await saveScreenshot(reviewer, 'review-application-passed');

    // ---- The server agrees: passed, waiting on 解放区's list board, within its quota of 2.
    const read = await api('GET', `/applications/${applicationId}`, reviewerToken);
    expect(read.status).toBe(200);
    expect(applicationResponse.parse(read.body).application).toMatchObject({ status: 'passed', atOrgId: 'dist-jiefang', nominee: { kind: 'person', id: nomineeId } });
    const board = listBoardResponse.parse((await api('GET', `/campaigns/${campaign.campaignId}/lists/dist-jiefang`, reviewerToken)).body);
    expect(board.applications.map((a) => a.applicationId)).toContain(applicationId);
    expect(board.quotaUse).toEqual([{ title: '优秀工会工作者', used: 1, quota: 2 }]);

    // ---- Back in the queue, the reviewer opens 解放区's list board and sends the list up.
    await reviewer.goBack();
    await shown(reviewer, `.queue-board[data-campaign-id="${campaign.campaignId}"][data-unit="dist-jiefang"]`).click({ timeout: 30_000 });
    const boardPage = shown(reviewer, '.board[data-submitted]');
    await boardPage.waitFor({ timeout: 30_000 });
    await expect(boardPage.getAttribute('data-ok')).resolves.toBe('true');
    await expect(boardPage.locator('.board-quota[data-title="优秀工会工作者"] .board-quota__count').textContent()).resolves.toBe('1 / 2');
    await expect(boardPage.locator(`.board-application[data-application-id="${applicationId}"]`).count()).resolves.toBe(1);
    // JZ 一、（一）: 100 优秀工会工作者 in the whole campaign, whichever lists they come from — the running total.
    await expect(boardPage.locator('.board-total[data-title="outstandingWorker"] .board-total__text').textContent()).resolves.toBe('全市本次评选合计：优秀工会工作者 已授予 0/100 名');
    await picture(reviewer, 'review-list-board');
    await boardPage.locator('.board-submit').click();
    await reviewer.locator('.taro-model__confirm').click({ timeout: 10_000 });
    await shown(reviewer, '.board[data-submitted="true"]').waitFor({ timeout: 30_000 });
    // Issue 22: once sent, the district's board still shows what it sent and where it stands above.
    const sentRow = shown(reviewer, `.board[data-submitted="true"] .board-application[data-application-id="${applicationId}"] .board-application__status`);
    await expect(sentRow.getAttribute('data-progress')).resolves.toBe('已上报焦作市总工会，审核中');
    await picture(reviewer, 'review-list-board-sent');
    const recommended = applicationResponse.parse((await api('GET', `/applications/${applicationId}`, reviewerToken)).body).application;
    expect(recommended).toMatchObject({ status: 'recommended', atOrgId: 'city-jz' });

    // ---- JZ 四、（一）: the organiser publishes the proposed list first; no decision while its window runs.
    const organiser = await phonePage(browser);
    await logInAs(organiser, await demoIdentity('organiser'));
    await shown(organiser, '.home-link-campaigns').click();
    let card = shown(organiser, `.campaigns-item[data-campaign-id="${campaign.campaignId}"]`);
    const panel = card.locator('.final-publicity');
    await panel.locator(`.final-publicity__row[data-application-id="${applicationId}"]`).waitFor({ timeout: 30_000 });
    await panel.locator('.final-publicity__open').click({ timeout: 30_000 });
    await organiser.locator('.taro-model__confirm').click({ timeout: 10_000 });
    await card.locator('.final-publicity[data-state="open"]').waitFor({ timeout: 30_000 });
    // JZ 四、（一）: five full working days after the day it opened; that day, when a working day, still counts while it
    // lasts (shared/calendar workingDaysLeft). The stack runs at a fixed instant, a working-day morning by default.
    const daysLeft = 5 + (officialCalendar(holidayExtensions).isWorkingDay(beijingDay()) ? 1 : 0);
    await expect(panel.locator('.final-publicity__status').textContent()).resolves.toMatch(new RegExp(`^公示中：剩余 ${daysLeft} 个工作日，`));
    await expect(panel.locator(`.final-publicity__row[data-application-id="${applicationId}"] .final-publicity__state`).textContent()).resolves.toBe('公示中');
    await expect(card.locator('.campaigns-decide').count()).resolves.toBe(0);
    await expect(card.locator('.campaigns-note--waiting').textContent()).resolves.toContain('公示期满后');
    await picture(organiser, 'campaigns-final-publicity');

    // Five working days cannot pass in a test: the window's end is moved to the past in DynamoDB and the clock
    // closes it as the scheduler would. Nothing was reported, so the nominee is cleared.
    const finalId = campaignResponse.parse((await api('GET', `/campaigns/${campaign.campaignId}`, organiserToken)).body).campaign.finalPublicityId ?? '';
    await endWindowNow(finalId);
    await invokeClock(Number(env('E2E_LAMBDA_PORT')));

    // ---- The organiser decides in 评选活动; the final list carries the certificate number.
    await organiser.goto(env('E2E_H5_URL'));
    await shown(organiser, '.home-user-name').waitFor({ timeout: 30_000 });
    await shown(organiser, '.home-link-campaigns').click();
    card = shown(organiser, `.campaigns-item[data-campaign-id="${campaign.campaignId}"]`);
    await card.locator('.final-publicity[data-state="closed"]').waitFor({ timeout: 30_000 });
    await expect(card.locator(`.final-publicity__row[data-application-id="${applicationId}"]`).getAttribute('data-final')).resolves.toBe('cleared');
    await card.locator('.campaigns-decide').click({ timeout: 30_000 });
    await expect(card.locator(`.campaigns-candidate--chosen[data-application-id="${applicationId}"]`).count()).resolves.toBe(1);
    await card.locator('.campaigns-reason textarea').fill('经市总工会评审工作组审核，研究决定授予。');
    await card.locator('.campaigns-award').click();
    await organiser.locator('.taro-model__confirm').click({ timeout: 10_000 });
    await card.locator('.campaigns-decision--done').waitFor({ timeout: 30_000 });
    const certificateNo = `JIAOZUO-2018-${campaign.year}-0001`;
    await expect(card.locator('.campaigns-honour').first().textContent()).resolves.toContain(certificateNo);
    await picture(organiser, 'campaigns-decided');
    await card.locator('.campaigns-final').click();
    const row = shown(organiser, `.final-list-row[data-certificate="${certificateNo}"]`);
    await row.waitFor({ timeout: 30_000 });
    await expect(row.locator('.final-list-cell--name').textContent()).resolves.toBe(recommended.nominee.name);
    await expect(shown(organiser, '.final-list__heading').textContent()).resolves.toBe(`${heading}表彰名单`);
    await expect(shown(organiser, '.final-list-print').count()).resolves.toBe(1);
    await picture(organiser, 'final-list');
    const awarded = applicationResponse.parse((await api('GET', `/applications/${applicationId}`, organiserToken)).body).application;
    expect(awarded.status).toBe('awarded');
  });

  it('a district list short of an advisory rule (京工发〔2021〕19号 第五条第一款, "一般"): the warning with its article and 说明理由 before 上报; the organiser reads 上报说明', async () => {
    // ---- Through the API: a beijing-2021 campaign for 模范职工小家 with 解放区 recommending; chair-1 nominates a workshop
    // of a private company, chair-2 a ward of the public hospital (an institution), each after its own unit publicity;
    // 解放区's reviewer passes both. Organ and institution unions are then 1 of 2, over the 20 % the article sets.
    const [organiserToken, reviewerToken] = await Promise.all([tokenOf('organiser'), tokenOf('reviewer-jiefang')]);
    const heading = `E2E 上报说明 ${uniqueMark()}`;
    const year = Number(beijingDay().slice(0, 4));
    const published = await api('POST', '/orgs/city-jz/campaigns', organiserToken, { requestId: randomUUID(), rulesetId: 'beijing-2021', year, heading, titles: ['modelSmallHome'], recommendingUnits: [{ orgId: 'dist-jiefang', quotaName: '解放区' }], submissionDeadline: beijingDay(30) });
    expect(published.status).toBe(201);
    const { campaignId } = campaignResponse.parse(published.body).campaign;
    const nominations = [
      { chair: 'chair-1', unionId: 'gu-yuntai', subOrgId: 'gu-yuntai-sub1', name: '生产一车间分工会' },
      { chair: 'chair-2', unionId: 'gu-renmin', subOrgId: 'gu-renmin-sub1', name: '内科分工会' },
    ];
    const drafts = [];
    for (const n of nominations) {
      const token = await tokenOf(n.chair);
      const filed = await api('POST', `/campaigns/${campaignId}/applications`, token, { requestId: randomUUID(), title: 'modelSmallHome', nominee: { kind: 'subOrg', orgId: n.subOrgId } });
      expect(filed.status).toBe(201);
      const draft = applicationResponse.parse(filed.body).application;
      // What the ruleset asks first: the members consulted, and any department consultation that applies confirmed.
      const attestations = Object.fromEntries(draft.gates.filter((g) => g.attestable && !g.passed).map((g) => [g.id, true]));
      const saved = await api('PUT', `/applications/${draft.applicationId}`, token, { version: draft.version, consultation: '召开会员代表大会征求意见，无异议。', summary: '班组建家扎实，服务职工到位。', declared: Object.keys(attestations).length > 0 ? { attestations } : {} });
      expect(saved.status).toBe(200);
      const window = await api('POST', `/orgs/${n.unionId}/publicities`, token, { requestId: randomUUID(), level: 'unit', rulesetId: 'beijing-2021', year, heading: `${n.name}推荐公示 ${heading}`, entries: [{ nomineeName: n.name, unitName: n.name, title: 'modelSmallHome', summary: '班组建家扎实，服务职工到位。', nomineeRef: n.subOrgId }] });
      expect(window.status).toBe(201);
      await endWindowNow(String((window.body as { publicity: { publicityId: string } }).publicity.publicityId));
      drafts.push({ token, app: applicationResponse.parse(saved.body).application });
    }
    await invokeClock(Number(env('E2E_LAMBDA_PORT')));
    for (const { token, app } of drafts) {
      const submitted = await api('POST', `/applications/${app.applicationId}/submit`, token, { version: app.version });
      expect(submitted.status).toBe(200);
      const sent = applicationResponse.parse(submitted.body).application;
      expect((await api('POST', `/applications/${sent.applicationId}/decision`, reviewerToken, { version: sent.version, action: 'pass' })).status).toBe(200);
    }

    // ---- 解放区's reviewer opens the board: the advisory breach in its warning style, with the article.
    const boardUrl = `${env('E2E_H5_URL')}#/review/pages/list-board/index?campaignId=${campaignId}&orgId=dist-jiefang`;
    const reviewer = await phonePage(browser);
    await logInAs(reviewer, await demoIdentity('reviewer-jiefang'));
    await reviewer.goto(boardUrl);
    const boardPage = shown(reviewer, '.board[data-submitted="false"]');
    await boardPage.waitFor({ timeout: 30_000 });
    await expect(boardPage.getAttribute('data-ok')).resolves.toBe('true');
    await expect(shown(reviewer, '.board-head__state--advisory').textContent()).resolves.toBe('有 1 项一般性要求未达到，说明理由后可以上报');
    await expect(shown(reviewer, '.board-head__kind').textContent()).resolves.toBe('推荐单位类别：县（市、区）总工会');
    const advisory = shown(reviewer, '.board-breach--advisory[data-rule="list.organInstitutionUnions"]');
    await expect(advisory.locator('.board-breach__message').textContent()).resolves.toBe('模范职工之家、模范职工小家中机关、事业单位工会占 50%（1/2），超过 20%');
    await expect(advisory.locator('.board-citation').textContent()).resolves.toBe('依据：京工发〔2021〕19号 第五条第一款');
    // 说明理由 before 上报: the reason goes up with the list.
    const reason = '内科分工会为全区卫生系统建家示范点，特此推荐，请予审核。';
    await shown(reviewer, '.board-reason textarea').fill(reason);
    await picture(reviewer, 'review-list-board-advisory');
    await shown(reviewer, '.board-submit').click();
    await reviewer.locator('.taro-model__confirm').click({ timeout: 10_000 });
    await shown(reviewer, '.board[data-submitted="true"]').waitFor({ timeout: 30_000 });
    await expect(shown(reviewer, '.board-note__reason').textContent()).resolves.toBe(reason);

    // ---- The organiser (the level the list goes to) reads 上报说明 beside the rule it answers.
    const organiser = await phonePage(browser);
    await logInAs(organiser, await demoIdentity('organiser'));
    await organiser.goto(boardUrl);
    const note = shown(organiser, '.board-note');
    await note.waitFor({ timeout: 30_000 });
    await expect(note.locator('.card__title').textContent()).resolves.toBe('上报说明');
    await expect(note.locator('.board-note__reason').textContent()).resolves.toBe(reason);
    await expect(note.locator('.board-breach[data-rule="list.organInstitutionUnions"] .board-citation').textContent()).resolves.toBe('依据：京工发〔2021〕19号 第五条第一款');
    await picture(organiser, 'review-list-board-note');
    const received = listBoardResponse.parse((await api('GET', `/campaigns/${campaignId}/lists/dist-jiefang`, organiserToken)).body);
    expect(received.submissionNote).toEqual({ reason, findings: [expect.objectContaining({ ruleId: 'list.organInstitutionUnions' })] });
  });

  it('the organiser publishes a campaign on the page: a form without a title is refused naming the field; the units default to the district federations', async () => {
    const heading = `E2E 页面发布 ${uniqueMark()}`;
    const organiser = await phonePage(browser);
    await logInAs(organiser, await demoIdentity('organiser'));
    await shown(organiser, '.home-link-campaigns').click();
    await shown(organiser, '.campaigns-new').click({ timeout: 30_000 });
    await expect(shown(organiser, '.campaigns-ruleset.campaigns-chip--active').getAttribute('data-value')).resolves.toBe('jiaozuo-2018');
    await shown(organiser, '.campaigns-heading input').fill(heading);
    // Both districts of 焦作市总工会, named as the JZ quota table names them.
    const units = shown(organiser, '.campaigns-unit--chosen');
    await expect(units.count()).resolves.toBe(2);
    await expect(shown(organiser, '.campaigns-unit[data-org-id="dist-jiefang"] .campaigns-unit__quota-name input').inputValue()).resolves.toBe('解放区');
    await expect(shown(organiser, '.campaigns-unit[data-org-id="dist-shanyang"] .campaigns-unit__quota-name input').inputValue()).resolves.toBe('山阳区');

    // No title: refused, the message under the titles.
    await shown(organiser, '.campaigns-publish').click();
    await expect(shown(organiser, '.campaigns-field--error .campaigns-error').first().textContent({ timeout: 30_000 })).resolves.toContain('称号');

    await shown(organiser, '.campaigns-title[data-value="modelHome"]').click();
    await picture(organiser, 'campaigns-new');
    await shown(organiser, '.campaigns-publish').click();
    await shown(organiser, '.campaigns-item').filter({ hasText: heading }).waitFor({ timeout: 30_000 });
    await expect(shown(organiser, '.campaigns-message').textContent()).resolves.toBe(`已发布「${heading}」。`);

    const listed = campaignListResponse.parse((await api('GET', '/campaigns', await tokenOf('organiser'))).body).campaigns.find((c) => c.heading === heading);
    expect(listed).toMatchObject({
      rulesetId: 'jiaozuo-2018',
      titles: ['modelHome'],
      orgId: 'city-jz',
    });
    // In the org tree's order (by name).
    expect([...(listed?.recommendingUnits ?? [])].sort((x, y) => x.orgId.localeCompare(y.orgId))).toEqual([
      { orgId: 'dist-jiefang', quotaName: '解放区' },
      { orgId: 'dist-shanyang', quotaName: '山阳区' },
    ]);
  });
});

async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
