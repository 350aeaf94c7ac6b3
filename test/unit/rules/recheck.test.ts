import { rulesets } from '@config/rulesets';
import { citationText } from '@shared/rules';
import { recheckHonour, recheckableConditions } from '@shared/rules/recheck';
import type { Facts } from '@shared/rules/facts';

/**
 * 复查 (issue 17 point 2): a holder re-judged on the system's own records — 入会率, 会员评家, 主席测评 — and on the
 * grounds those figures prove. A model home awarded in 2023 and re-checked for 2026 reads 2024–2026.
 */
const acftu = rulesets['acftu-2020'];
const beijing = rulesets['beijing-2021'];
const home = { title: 'modelHome' as const, awardedYear: 2023 };
const union: Facts['nominee'] = { kind: 'org', orgKind: 'enterprise', ownership: 'public' };
const years = (a: number, b: number, c: number) => ({ 2024: a, 2025: b, 2026: c });
const healthy: Facts = {
  nominee: union,
  membershipRate: years(0.95, 0.96, 0.97),
  memberAppraisalSatisfaction: years(0.93, 0.94, 0.95),
  memberAppraisalDissatisfaction: years(0.02, 0.03, 0.02),
  memberAppraisalTurnout: years(0.9, 0.9, 0.9),
};

describe('re-check of a 模范职工之家 on its records', () => {
  it('judges only the conditions the records can show: 入会率 and 会员评家满意率 (总工办发〔2020〕15号 第七条)', () => {
    expect(recheckableConditions(acftu, 'modelHome').map((c) => c.id)).toEqual(['home.membershipRate', 'home.satisfaction']);
    const result = recheckHonour(acftu, home, healthy, 2026);
    expect(result).toMatchObject({ outcome: 'passed', year: 2026, flags: [] });
    expect(result.checks.map((c) => [c.conditionId, c.status])).toEqual([
      ['home.membershipRate', 'pass'],
      ['home.satisfaction', 'pass'],
    ]);
  });

  it('fails a holder whose 入会率 fell below 90% in 2026, naming the year, the figure and the article', () => {
    const result = recheckHonour(acftu, home, { ...healthy, membershipRate: years(0.95, 0.96, 0.85) }, 2026);
    expect(result.outcome).toBe('failed');
    const failed = result.checks.find((c) => c.status === 'fail');
    expect(failed?.conditionId).toBe('home.membershipRate');
    expect(failed?.explanation).toContain('2026 年入会率 85%');
    expect(citationText(failed!.citation)).toContain('总工办发〔2020〕15号');
  });

  it('applies each ruleset’s own figure: 92% passes the national 90% and fails beijing’s 95% (京工发〔2021〕19号)', () => {
    const facts = { ...healthy, membershipRate: years(0.95, 0.96, 0.92) };
    expect(recheckHonour(acftu, home, facts, 2026).outcome).toBe('passed');
    const beijingResult = recheckHonour(beijing, home, facts, 2026);
    expect(beijingResult.outcome).toBe('failed');
    expect(citationText(beijingResult.checks.find((c) => c.status === 'fail')!.citation)).toContain('京工发〔2021〕19号');
  });

  it('flags dissatisfaction above 50% two years running after the award (第二十三条（九）): the procedure may start', () => {
    const result = recheckHonour(acftu, home, { ...healthy, memberAppraisalDissatisfaction: years(0.1, 0.55, 0.6) }, 2026);
    expect(result.outcome).toBe('flagged');
    expect(result.flags).toEqual([expect.objectContaining({ groundId: 'revoke.home.dissatisfaction', years: [2025, 2026] })]);
    expect(citationText(result.flags[0]!.citation)).toContain('第二十三条（九）');
  });

  it('reads no year after the one re-checked: the 2024 re-check does not see 2025 and 2026, recorded since', () => {
    const facts = { ...healthy, memberAppraisalDissatisfaction: years(0.1, 0.55, 0.6) };
    expect(recheckHonour(acftu, home, facts, 2024)).toMatchObject({ outcome: 'passed', flags: [] });
    expect(recheckHonour(acftu, home, facts, 2026).outcome).toBe('flagged');
  });

  it('does not count figures from the award year or before against the holder', () => {
    const facts = { ...healthy, memberAppraisalDissatisfaction: { 2022: 0.7, 2023: 0.8, 2024: 0.1, 2025: 0.1, 2026: 0.1 } };
    expect(recheckHonour(acftu, home, facts, 2026)).toMatchObject({ outcome: 'passed', flags: [] });
  });

  it('reads a 近三年 window over the years after the award only, and says so in 「本系统理解」', () => {
    // Awarded in 2025: only 2026 is new; 2024 is not in the records (it was declared at the application) and is not asked for.
    const result = recheckHonour(acftu, { title: 'modelHome', awardedYear: 2025 }, { ...healthy, membershipRate: { 2026: 0.97 }, memberAppraisalSatisfaction: { 2026: 0.95 } }, 2026);
    expect(result.outcome).toBe('passed');
    expect(result.checks.every((c) => c.reading?.startsWith('本系统理解：复查只看授予后的年度（2026–2026 年）'))).toBe(true);
  });

  it('has nothing to judge before a full year has passed since the award', () => {
    expect(recheckHonour(acftu, { title: 'modelHome', awardedYear: 2026 }, healthy, 2026)).toEqual({ outcome: 'notDue', year: 2026, checks: [], flags: [] });
  });

  it('reports a year without a sealed 会员评家 as incomplete, never as passed or failed', () => {
    const result = recheckHonour(acftu, home, { ...healthy, memberAppraisalSatisfaction: { 2024: 0.93, 2025: 0.94 } }, 2026);
    expect(result.outcome).toBe('incomplete');
    expect(result.checks.find((c) => c.conditionId === 'home.satisfaction')?.explanation).toContain('缺少 2026 年');
  });

  it('ignores declared figures: a re-check reads records only (a 12351 rate or a declared title changes nothing)', () => {
    const declared: Facts = { ...healthy, membershipRate: years(0.5, 0.5, 0.5), hotline12351SatisfactionRate: years(0.1, 0.1, 0.1), titlesHeld: [] };
    // membershipRate is a record figure, so it counts; the other two are not read at all.
    const result = recheckHonour(acftu, home, declared, 2026);
    expect(result.checks.map((c) => c.conditionId)).toEqual(['home.membershipRate', 'home.satisfaction']);
    expect(recheckHonour(acftu, home, { ...healthy, hotline12351SatisfactionRate: years(0.1, 0.1, 0.1) }, 2026).outcome).toBe('passed');
  });
});

describe('re-check of an 优秀工会工作者 who chairs a union', () => {
  const worker = { title: 'outstandingWorker' as const, awardedYear: 2023, role: 'chair' as const };
  const chair: Facts = { nominee: { kind: 'person', role: 'chair' }, chairEvaluationGrade: { 2024: 'satisfied', 2025: 'satisfied', 2026: 'satisfied' } };

  it('passes while the congress grades the chair 满意', () => {
    expect(recheckHonour(acftu, worker, chair, 2026).outcome).toBe('passed');
  });

  it('flags a chair graded 不满意 two years running (第二十五条（一）)', () => {
    const result = recheckHonour(acftu, worker, { ...chair, chairEvaluationGrade: { 2024: 'satisfied', 2025: 'dissatisfied', 2026: 'dissatisfied' } }, 2026);
    expect(result.outcome).toBe('flagged');
    expect(result.flags.map((f) => f.groundId)).toEqual(['revoke.chair.grade']);
    expect(citationText(result.flags[0]!.citation)).toContain('第二十五条（一）');
  });
});
