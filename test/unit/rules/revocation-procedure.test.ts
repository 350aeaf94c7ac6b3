import { rulesets } from '@config/rulesets';
import { citationText } from '@shared/rules';
import { caseStatus, nextStep, routeOf, routesOn, startCase, takeStep, type RevocationCase } from '@shared/rules/revocation-procedure';
import type { RevocationActor, Ruleset } from '@shared/rules/ruleset-schema';

/** 撤销程序 as data (issue 17 point 3): each ruleset's routes, and a case walked through them step by step. */
const started = (ruleset: Ruleset, request: Parameters<typeof startCase>[1]): RevocationCase => {
  const out = startCase(ruleset, request);
  if (!out.ok) throw new Error(out.refusal.message);
  return out.value;
};
const walk = (ruleset: Ruleset, c: RevocationCase, actors: RevocationActor[]): RevocationCase =>
  actors.reduce((acc, actor) => {
    const step = nextStep(routeOf(ruleset, acc), acc);
    const out = takeStep(routeOf(ruleset, acc), acc, { stepId: step!.id, actor, approved: true });
    if (!out.ok) throw new Error(out.refusal.message);
    return out.value;
  }, c);

const applied: { id: 'acftu-2020' | 'beijing-2021' | 'guangxi-2021'; agree: string; approve: string; article: string; decision: string }[] = [
  { id: 'acftu-2020', agree: '所在省（区、市）总工会、全国产业工会、中央和国家机关工会联合会', approve: '中华全国总工会书记处', article: '第二十六条', decision: '撤销荣誉称号、取消命名，收回证书和奖牌' },
  { id: 'beijing-2021', agree: '所在区总工会、产业工会', approve: '北京市总工会党组', article: '第二十三条', decision: '撤销称号，收回证书、奖牌' },
  { id: 'guangxi-2021', agree: '所在市总工会、自治区各产业（系统）工会', approve: '自治区总工会主席办公会和党组会', article: '八、（五）', decision: '撤销相关资格，收回证书或牌匾' },
];

describe.each(applied)('$id: the applied route (逐级申请, $article)', ({ id, agree, approve, article, decision }) => {
  const ruleset = rulesets[id];
  const route = ruleset.revocation.routes.find((r) => r.id === 'applied')!;

  it('has four steps — apply, agree, verify, approve — each by the body the article names', () => {
    expect(route.steps.map((s) => [s.action, s.actor])).toEqual([
      ['apply', 'recommendingUnit'],
      ['agree', 'agreeingFederation'],
      ['verify', 'awardingDepartment'],
      ['approve', 'awardingLeadership'],
    ]);
    expect(route.steps[1]!.body).toBe(agree);
    expect(route.steps[3]!.body).toBe(approve);
    for (const s of route.steps) expect(citationText(s.citation)).toContain(article);
    expect(route.decision).toBe(decision);
  });

  it('revokes only after the last step is approved, in order', () => {
    const c = started(ruleset, { routeId: 'applied', title: 'modelHome', trigger: 'request' });
    const three = walk(ruleset, c, ['recommendingUnit', 'agreeingFederation', 'awardingDepartment']);
    expect(caseStatus(route, three)).toBe('open');
    expect(caseStatus(route, walk(ruleset, three, ['awardingLeadership']))).toBe('revoked');
  });

  it('refuses a step out of turn or by another body, naming who must act', () => {
    const c = started(ruleset, { routeId: 'applied', title: 'modelHome', trigger: 'request' });
    const skipped = takeStep(route, c, { stepId: 'approve', actor: 'awardingLeadership', approved: true });
    expect(skipped).toMatchObject({ ok: false, refusal: { field: 'stepId' } });
    const wrongBody = takeStep(route, c, { stepId: 'apply', actor: 'awardingDepartment', approved: true });
    expect(wrongBody.ok).toBe(false);
    if (!wrongBody.ok) expect(wrongBody.refusal.message).toContain('原推荐单位');
  });

  it('ends the case with the title standing when a step is not agreed', () => {
    const c = walk(ruleset, started(ruleset, { routeId: 'applied', title: 'modelHome', trigger: 'request' }), ['recommendingUnit']);
    const refused = takeStep(route, c, { stepId: 'agree', actor: 'agreeingFederation', approved: false });
    expect(refused.ok).toBe(true);
    if (refused.ok) {
      expect(caseStatus(route, refused.value)).toBe('refused');
      expect(takeStep(route, refused.value, { stepId: 'verify', actor: 'awardingDepartment', approved: true })).toMatchObject({ ok: false, refusal: { message: expect.stringContaining('称号保留') } });
    }
  });
});

describe('the direct route', () => {
  it('acftu-2020 第二十六条第三款: the 书记处 decides at once on a ground found, and informs the recommending unit', () => {
    const ruleset = rulesets['acftu-2020'];
    const c = started(ruleset, { routeId: 'direct', title: 'modelHome', trigger: 'reportFound', groundId: 'revoke.home.fraud' });
    const route = routeOf(ruleset, c);
    expect(route.steps.map((s) => s.body)).toEqual(['中华全国总工会书记处']);
    expect(route.informs).toEqual(['recommendingUnit']);
    expect(caseStatus(route, walk(ruleset, c, ['awardingLeadership']))).toBe('revoked');
  });

  it('needs a ground of the ruleset that fits the title (对查实具有…情形的)', () => {
    const ruleset = rulesets['beijing-2021'];
    expect(startCase(ruleset, { routeId: 'direct', title: 'modelHome', trigger: 'reportFound' })).toMatchObject({ ok: false, refusal: { field: 'groundId', message: expect.stringContaining('第二十四条') } });
    expect(startCase(ruleset, { routeId: 'direct', title: 'modelHome', trigger: 'reportFound', groundId: 'revoke.person.fraud' })).toMatchObject({ ok: false, refusal: { field: 'groundId' } });
    expect(startCase(ruleset, { routeId: 'direct', title: 'modelHome', trigger: 'reportFound', groundId: 'revoke.invented' })).toMatchObject({ ok: false, refusal: { field: 'groundId' } });
    expect(startCase(ruleset, { routeId: 'direct', title: 'modelHome', trigger: 'automaticFlag', groundId: 'revoke.home.dissatisfaction' }).ok).toBe(true);
  });

  it('cannot be started by a request: a recommending unit applies level by level', () => {
    expect(startCase(rulesets['acftu-2020'], { routeId: 'direct', title: 'modelHome', trigger: 'request', groundId: 'revoke.home.fraud' })).toMatchObject({ ok: false, refusal: { field: 'trigger' } });
  });

  it('guangxi-2021 八、（五）第三款: only on a report made to the autonomous region, verified before the decision', () => {
    const ruleset = rulesets['guangxi-2021'];
    expect(routesOn(ruleset, 'automaticFlag').map((r) => r.id)).toEqual(['applied']);
    expect(routesOn(ruleset, 'reportFound').map((r) => r.id)).toEqual(['applied', 'direct']);
    const c = started(ruleset, { routeId: 'direct', title: 'modelSmallHome', trigger: 'reportFound', groundId: 'revoke.home.fraud' });
    expect(routeOf(ruleset, c).steps.map((s) => s.action)).toEqual(['verify', 'decide']);
  });
});

describe('rulesets without a revocation procedure', () => {
  it.each(['qinhuangdao-2023', 'jiaozuo-2018'] as const)('%s: no route, and starting one is refused in Chinese', (id) => {
    const ruleset = rulesets[id];
    expect(ruleset.revocation.routes).toEqual([]);
    expect(startCase(ruleset, { routeId: 'applied', title: 'modelHome', trigger: 'request' })).toMatchObject({ ok: false, refusal: { field: 'rulesetId', message: expect.stringContaining('未规定撤销程序') } });
  });
});
