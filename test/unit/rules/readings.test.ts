import { rulesetIds, rulesets } from '@config/rulesets';
import { evaluateEligibility, type HeldTitle } from '@shared/rules';
import { resultFor, year } from './helpers';

/**
 * Where the system reads a text in a way its words alone do not settle, the condition says so: a 「本系统理解：…」 note
 * that travels with the result to the self-check page and the application form. These are the readings, at the
 * boundary each one decides.
 */

const held = (...titles: HeldTitle[]) => ({ titlesHeld: titles });

describe('秦皇岛 第四条第五款: "已获得省以上称号" read as the same title', () => {
  it('bars a union that holds the provincial 模范职工之家, with the reading beside the result', () => {
    const result = resultFor('qinhuangdao-2023', 'modelHome', 'higherTitleHeld.modelHome', { nominee: { kind: 'org' }, ...held({ title: 'modelHome', level: 'provincial', year: 2021 }) });
    expect(result).toMatchObject({ status: 'fail', severity: 'hard' });
    expect(result.reading).toMatch(/^本系统理解：/);
    expect(result.reading).toContain('同一称号');
  });

  it('does not bar a nominee whose provincial title is another one: the reviewer judges that', () => {
    const result = resultFor('qinhuangdao-2023', 'outstandingWorker', 'higherTitleHeld.outstandingWorker', { nominee: { kind: 'person' }, ...held({ title: 'activist', level: 'provincial', year: 2021 }) });
    expect(result.status).toBe('pass');
    expect(result.reading).toContain('审核人');
  });
});

describe('焦作 三、（四）: "县级以上干部" leaves 县级 cadres in', () => {
  it('passes a 县处级 cadre and refuses a 厅局级 one, each with the reading', () => {
    const county = resultFor('jiaozuo-2018', 'outstandingWorker', 'worker.notAboveCounty', { nominee: { kind: 'person', cadreLevel: 'county' } });
    const bureau = resultFor('jiaozuo-2018', 'outstandingWorker', 'worker.notAboveCounty', { nominee: { kind: 'person', cadreLevel: 'bureau' } });
    expect([county.status, bureau.status]).toEqual(['pass', 'fail']);
    expect(county.reading).toMatch(/^本系统理解：/);
    expect(county.reading).toContain('县级（含）以下');
  });
});

describe('焦作 一、（二）: the titles a 之友标兵 candidate must hold', () => {
  it('reads the listed titles as binding 之友标兵 candidates too: an 优秀工会之友 title alone does not stand for them', () => {
    const friendOnly = resultFor('jiaozuo-2018', 'exemplarFriend', 'redFlag.titled', { nominee: { kind: 'person' }, ...held({ title: 'friend', level: 'city', year: 2015 }) });
    expect(friendOnly.status).toBe('fail');
    expect(friendOnly.reading).toMatch(/^本系统理解：/);
    expect(friendOnly.reading).toContain('优秀工会之友标兵');
    const worker = resultFor('jiaozuo-2018', 'exemplarFriend', 'redFlag.titled', { nominee: { kind: 'person' }, ...held({ title: 'outstandingWorker', level: 'city', year: 2015 }) });
    expect(worker.status).toBe('pass');
  });
});

describe('readings are added knowingly', () => {
  it('only the conditions whose reading goes beyond the text carry one, each starting 「本系统理解：」', () => {
    const withReading = rulesetIds.flatMap((id) => rulesets[id].conditions.filter((c) => c.reading !== undefined).map((c) => `${id}/${c.id}`));
    expect(withReading.sort()).toEqual(
      [
        'jiaozuo-2018/redFlag.titled',
        'jiaozuo-2018/worker.notAboveCounty',
        'qinhuangdao-2023/higherTitleHeld.modelHome',
        'qinhuangdao-2023/higherTitleHeld.modelSmallHome',
        'qinhuangdao-2023/higherTitleHeld.outstandingWorker',
      ].sort(),
    );
    for (const id of rulesetIds) for (const c of rulesets[id].conditions) if (c.reading !== undefined) expect(c.reading).toMatch(/^本系统理解：.{10,}/);
  });

  it('a condition without a reading gives a result without one', () => {
    const { results } = evaluateEligibility(rulesets['acftu-2020'], 'modelHome', { nominee: { kind: 'org' } }, { year });
    expect(results.every((r) => r.reading === undefined)).toBe(true);
  });
});
