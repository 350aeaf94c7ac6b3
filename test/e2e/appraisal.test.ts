import { randomUUID } from 'node:crypto';
import type { Browser, Locator } from 'playwright-core';
import * as z from 'zod';
import { invokeClock } from '../../scripts/local/local-stack';
import {
  appraisalResultResponse,
  appraisalView,
  castResponse,
  receiptPattern,
  type AppraisalResultResponse,
  type AppraisalView,
  type CastRequest,
  type OpenAppraisalRequest,
} from '../../shared/api/appraisal';
import { formatRate } from '../../shared/rules/compare';
import { launchBrowser, phonePage, saveScreenshot } from '../support/browser';
import { env, shown, picture, api, tokenOf, demoIdentity, logInAs, beijingDay, beijingIso, stackNow , uniqueMark } from '../support/e2e-app';

jest.setTimeout(180_000);

/**
 * chair-1 chairs gu-yuntai; member-1 (gu-yuntai-m007) is on its roster. Both may vote there, and both are members of
 * its 生产二车间分工会 (gu-yuntai-sub2).
 */
const subUnionId = 'gu-yuntai-sub2';
const receiptShape = /^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

async function cast(token: string, appraisalId: string, ballot: CastRequest): Promise<{ status: number; receipt: string; answer: string }> {
  const { status, body } = await api('POST', `/appraisals/${appraisalId}/ballot`, token, ballot);
  if (status !== 201 && status !== 200) throw new Error(`casting answered ${status}: ${JSON.stringify(body)}`);
  const parsed = castResponse.parse(body);
  return { status, receipt: parsed.receipt, answer: parsed.status };
}

/** The clock seals a closed ballot (it also runs every 5 s by itself): invoke it until the result is readable. */
async function sealedResult(token: string, appraisalId: string, closesAt: string): Promise<AppraisalResultResponse> {
  // Until the ballot closes on the stack's clock (which runs as fast as the real one).
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(closesAt) - stackNow().getTime()) + 1_000));
  const deadline = performance.now() + 60_000;
  for (;;) {
    await invokeClock(Number(env('E2E_LAMBDA_PORT')));
    const { status, body } = await api('GET', `/appraisals/${appraisalId}/result`, token);
    if (status === 200) return appraisalResultResponse.parse(body);
    if (status !== 409) throw new Error(`reading the result answered ${status}: ${JSON.stringify(body)}`);
    if (performance.now() > deadline) throw new Error(`the clock did not seal ${appraisalId}: ${JSON.stringify(body)}`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

describe('会员评家 on H5 at phone size (375×812)', () => {
  it('the chair opens a 会员评家 on the page, a member votes on every question, confirms, keeps the receipt, and cannot vote again', async () => {
    const title = `E2E 会员评家 ${uniqueMark()}`;

    // The chair fills 发起评议 with its defaults (会员评家, 焦作市（2018）, opens now, closes in 7 days) and a title.
    const chair = await phonePage(browser);
    await logInAs(chair, await demoIdentity('chair-1'));
    await shown(chair, '.home-link-appraisal-open').click();
    await shown(chair, '.appraisal-open-title input').fill(title, { timeout: 30_000 });
    await expect(shown(chair, '.appraisal-open-kind[data-active="true"]').textContent()).resolves.toBe('会员评家');
    await expect(shown(chair, '.appraisal-open-ruleset[data-active="true"]').textContent()).resolves.toBe('焦作市（2018）');
    await expect(shown(chair, '.appraisal-open-dimension').count()).resolves.toBe(5);
    await picture(chair, 'appraisal-open');
    await shown(chair, '.appraisal-open-submit').click();

    // 评议管理 lists it, open, with nobody voted yet.
    const ballot = shown(chair, '.appraisal-manage-ballot').filter({ hasText: title });
    await ballot.waitFor({ timeout: 30_000 });
    // Opening answers at once; a roster this small is prepared within the request, a larger one while the page
    // polls (正在准备选民名单): either way the card turns open before anyone votes.
    await shown(chair, '.appraisal-manage-ballot[data-status="open"]').filter({ hasText: title }).waitFor({ timeout: 60_000 });
    const turnout = ballot.locator('.appraisal-manage-turnout');
    await ballot.locator('.appraisal-manage-turnout[data-voted="0"]').waitFor({ timeout: 30_000 });
    const eligible = Number(await turnout.getAttribute('data-eligible'));
    expect(eligible).toBeGreaterThan(1);
    await expect(turnout.locator('.appraisal-manage-turnout__text').textContent()).resolves.toMatch(new RegExp(`^已投 0 / 应投 ${eligible}`));
    await ballot.locator('.appraisal-manage-electorate .appraisal-manage-section__head').click();
    await expect(ballot.locator('.appraisal-manage-name').first().textContent({ timeout: 30_000 })).resolves.toBeTruthy();
    await expect(ballot.locator('.appraisal-manage-name').count()).resolves.toBe(eligible);
    await picture(chair, 'appraisal-manage-open');

    // The member finds it in 我的评议 …
    const member = await phonePage(browser);
    await logInAs(member, await demoIdentity('member-1'));
    await shown(member, '.home-link-appraisals').click();
    const item = shown(member, '.appraisals-item').filter({ hasText: title });
    await item.waitFor({ timeout: 30_000 });
    await expect(item.getAttribute('data-voted')).resolves.toBe('false');
    await expect(item.locator('.appraisals-item__kind').textContent()).resolves.toBe('会员评家');
    await expect(item.locator('.appraisals-item__status').textContent()).resolves.toBe('投票中');
    await picture(member, 'appraisal-mine');

    // … and rates the union overall and on each of the 5 dimensions: three full-width rows each, 44 px or taller.
    await item.click();
    await shown(member, '.vote-question').first().waitFor({ timeout: 30_000 });
    const questions = shown(member, '.vote-question');
    await expect(questions.count()).resolves.toBe(6);
    const firstOption = await shown(member, '.vote-option').first().boundingBox();
    expect(firstOption?.height).toBeGreaterThanOrEqual(44);
    expect(firstOption?.width).toBeGreaterThan(375 - 2 * 60);
    const choices = ['satisfied', 'satisfied', 'basicallySatisfied', 'satisfied', 'dissatisfied', 'satisfied'];
    for (const [index, choice] of choices.entries()) {
      await questions.nth(index).locator(`.vote-option[data-value="${choice}"]`).click();
      await expect(questions.nth(index).locator(`.vote-option[data-value="${choice}"]`).getAttribute('data-active')).resolves.toBe('true');
    }
    await shown(member, '.vote-suggestion textarea').fill('希望多组织职工文体活动');
    await expect(shown(member, '.vote-suggestion__counter').textContent()).resolves.toBe('11/500');
    await expect(shown(member, '.vote-secrecy').first().textContent()).resolves.toBe('无记名：您的选择不会与您的身份关联。');
    await picture(member, 'appraisal-vote-form');

    // Submit shows the choices to confirm; nothing is sent yet.
    await shown(member, '.vote-submit').click();
    const summary = shown(member, '.vote-summary');
    await summary.waitFor({ timeout: 10_000 });
    await expect(summary.locator('.vote-summary__row').count()).resolves.toBe(6);
    await expect(summary.locator('.vote-summary__row[data-subject="overall"] .vote-summary__choice').textContent()).resolves.toBe('满意');
    await expect(summary.locator('.vote-summary__row[data-subject="d3"] .vote-summary__choice').textContent()).resolves.toBe('不满意');
    await expect(summary.locator('.vote-summary__warning').textContent()).resolves.toContain('确认提交后不可更改');
    await picture(member, 'appraisal-vote-confirm');

    // Confirmed: the receipt, prominently, and no options any more.
    await summary.locator('.vote-confirm').click();
    const receiptText = shown(member, '.vote-receipt');
    await receiptText.waitFor({ timeout: 30_000 });
    const receipt = String(await receiptText.getAttribute('data-receipt'));
    expect(receipt).toMatch(receiptShape);
    expect(receipt).toMatch(receiptPattern);
    await expect(receiptText.textContent()).resolves.toBe(receipt);
    await expect(shown(member, '.vote-done__title').textContent()).resolves.toBe('投票成功');
    await expect(shown(member, '.vote-copy').textContent()).resolves.toContain('复制回执码');
    await expect(shown(member, '.vote-receipt__note').textContent()).resolves.toContain('请保存回执码，封存后可凭它核验您的选票已计入');
    await expect(shown(member, '.vote-option').count()).resolves.toBe(0);
    await picture(member, 'appraisal-vote-receipt');

    // Reloaded (a new visit): 您已投票 with the same receipt, still no options.
    await member.reload();
    await shown(member, '.vote-done__title').filter({ hasText: '您已投票' }).waitFor({ timeout: 30_000 });
    await expect(shown(member, '.vote-receipt').getAttribute('data-receipt')).resolves.toBe(receipt);
    await expect(shown(member, '.vote-option').count()).resolves.toBe(0);
    await saveScreenshot(member, 'appraisal-vote-already');

    // The chair's turnout counts one ballot (a count only).
    await ballot.locator('.appraisal-manage-turnout-refresh').click();
    await ballot.locator('.appraisal-manage-turnout[data-voted="1"]').waitFor({ timeout: 30_000 });
    await expect(turnout.locator('.appraisal-manage-turnout__text').textContent()).resolves.toMatch(new RegExp(`^已投 1 / 应投 ${eligible}`));
    await saveScreenshot(chair, 'appraisal-manage-turnout');
  });

  it('seals a ballot once it closes and shows the member the sealed numbers, the receipt check and the chair the suggestions', async () => {
    // Opened through the API to close in a few seconds, for 生产二车间分工会 (chair-1 and member-1 are its members;
    // the union's own 会员评家 of the year is the one the test above opened, and a second would need an annulment).
    // Two voters are fewer than the least group the configuration allows (5), so only totals are shown.
    const [chairToken, memberToken] = await Promise.all([tokenOf('chair-1'), tokenOf('member-1')]);
    // Warm the appraisal function first, so a cold start does not eat the short voting window.
    expect((await api('GET', '/appraisals/mine', memberToken)).status).toBe(200);
    const title = `E2E 封存 ${uniqueMark()}`;
    const now = stackNow().getTime();
    const request: OpenAppraisalRequest = {
      requestId: randomUUID(),
      kind: 'memberAppraisal',
      year: Number(beijingDay().slice(0, 4)),
      rulesetId: 'jiaozuo-2018',
      title,
      dimensions: ['民主管理', '职工关爱'],
      opensAt: beijingIso(now),
      closesAt: beijingIso(now + 20_000),
      minGroupSize: 5,
    };
    const opened = await api('POST', `/orgs/${subUnionId}/appraisals`, chairToken, request);
    expect(opened.status).toBe(201);
    const appraisal: AppraisalView = z.object({ appraisal: appraisalView }).parse(opened.body).appraisal;
    expect(appraisal.status).toBe('open');

    const suggestion = `E2E 建议：食堂晚餐时间延长 ${now}`;
    const chairCast = await cast(chairToken, appraisal.appraisalId, { overall: 'satisfied', dimensions: ['satisfied', 'basicallySatisfied'], suggestion });
    const memberBallot: CastRequest = { overall: 'dissatisfied', dimensions: ['basicallySatisfied', 'dissatisfied'] };
    const memberCast = await cast(memberToken, appraisal.appraisalId, memberBallot);
    expect([chairCast.status, memberCast.status]).toEqual([201, 201]);
    // A re-sent ballot (a lost answer) is not counted twice and gets the same receipt.
    await expect(cast(memberToken, appraisal.appraisalId, memberBallot)).resolves.toEqual({ status: 200, receipt: memberCast.receipt, answer: 'alreadyVoted' });

    // Before sealing the result is refused with the server's message.
    const early = await api('GET', `/appraisals/${appraisal.appraisalId}/result`, memberToken);
    expect(early.status).toBe(409);

    const result = await sealedResult(memberToken, appraisal.appraisalId, appraisal.closesAt);
    expect(result.ballots).toBe(2);
    expect(result.totalsOnly).toBe(true);
    expect(result.overall?.counts).toMatchObject({ satisfied: 1, basicallySatisfied: 0, dissatisfied: 1 });
    expect(result.overall?.satisfaction).toBe(0.5);

    // The member: 我的评议 shows it sealed; a tap opens the result.
    const page = await phonePage(browser);
    await logInAs(page, await demoIdentity('member-1'));
    await shown(page, '.home-link-appraisals').click();
    const item = shown(page, '.appraisals-item').filter({ hasText: title });
    await item.waitFor({ timeout: 30_000 });
    await expect(item.getAttribute('data-status')).resolves.toBe('sealed');
    await expect(item.getAttribute('data-voted')).resolves.toBe('true');
    await item.click();

    const overall = shown(page, '.result-overall');
    await overall.waitFor({ timeout: 30_000 });
    await expect(shown(page, '.result-ballots').textContent()).resolves.toBe('2');
    await expect(shown(page, '.result-eligible').textContent()).resolves.toBe(String(appraisal.eligible));
    await expect(shown(page, '.result-turnout').textContent()).resolves.toBe(formatRate(2 / appraisal.eligible));
    const count = (question: Locator, option: string) => question.locator(`.result-bar[data-option="${option}"] .result-bar__count`).textContent();
    await expect(count(overall, 'satisfied')).resolves.toBe('1');
    await expect(count(overall, 'basicallySatisfied')).resolves.toBe('0');
    await expect(count(overall, 'dissatisfied')).resolves.toBe('1');
    await expect(overall.locator('.result-rate--satisfaction .result-rate__value').textContent()).resolves.toBe('50%');
    await expect(overall.locator('.result-rate--dissatisfaction .result-rate__value').textContent()).resolves.toBe('50%');
    // The bars are plain Views as wide as their share.
    const track = await overall.locator('.result-bar[data-option="satisfied"] .result-bar__track').boundingBox();
    const fill = await overall.locator('.result-bar[data-option="satisfied"] .result-bar__fill').boundingBox();
    expect((fill?.width ?? 0) / (track?.width ?? 1)).toBeCloseTo(0.5, 1);

    // The turnout stands beside the rates; two ballots are too few for the per-dimension breakdown.
    await expect(overall.locator('.result-rate--turnout .result-rate__value').textContent()).resolves.toBe(formatRate(2 / appraisal.eligible));
    await expect(shown(page, '.result-totals-only__text').textContent()).resolves.toBe('投票人数少于 5 人，仅公布总数。');
    await expect(shown(page, '.result-question[data-subject="d0"]').count()).resolves.toBe(0);

    // The ruleset's outcomes, as the server explains them.
    const outcomes = shown(page, '.result-outcome');
    await expect(outcomes.count()).resolves.toBe(result.outcomes.length);
    for (const [index, outcome] of result.outcomes.entries()) {
      await expect(outcomes.nth(index).locator('.result-outcome__explanation').textContent()).resolves.toBe(outcome.explanation);
      await expect(outcomes.nth(index).getAttribute('data-passed')).resolves.toBe(String(outcome.passed));
    }
    await picture(page, 'appraisal-result');

    // The receipt check: counted.
    await shown(page, '.result-receipt-link').click();
    await shown(page, '.receipt-check-input input').fill(memberCast.receipt.toLowerCase(), { timeout: 30_000 });
    await shown(page, '.receipt-check-submit').click();
    const checked = shown(page, '.receipt-check-result');
    await checked.waitFor({ timeout: 30_000 });
    await expect(checked.getAttribute('data-counted')).resolves.toBe('true');
    await expect(checked.locator('.receipt-check-result__title').textContent()).resolves.toBe('已计入');
    await picture(page, 'appraisal-receipt-check');

    // The chair: the ballot sealed in 评议管理, and the suggestion, without a name.
    const chair = await phonePage(browser);
    await logInAs(chair, await demoIdentity('chair-1'));
    await shown(chair, '.home-link-appraisal-manage').click();
    const ballot = shown(chair, '.appraisal-manage-ballot').filter({ hasText: title });
    await ballot.waitFor({ timeout: 30_000 });
    await expect(ballot.getAttribute('data-status')).resolves.toBe('sealed');
    await ballot.locator('.appraisal-manage-turnout[data-voted="2"]').waitFor({ timeout: 30_000 });
    await ballot.locator('.appraisal-manage-suggestions .appraisal-manage-section__head').click();
    await expect(ballot.locator('.appraisal-manage-suggestion').first().textContent({ timeout: 30_000 })).resolves.toBe(suggestion);
    await ballot.scrollIntoViewIfNeeded();
    await picture(chair, 'appraisal-manage-sealed');
  });
});
