import { rulesets, type RulesetId } from '@config/rulesets';
import { checkList, citationText, type ListCampaign, type ListItem, type RecommendingUnit, type TitleCode } from '@shared/rules';

/** Quotas, fixed counts, per-applicant caps and list ratios of a recommending unit's list. */

const campaignOf = (id: RulesetId, year = 2024): ListCampaign => ({ year, titles: rulesets[id].titles.map((t) => t.title) });

let seq = 0;
function items(count: number, title: TitleCode, attrs: Partial<ListItem> = {}): ListItem[] {
  return Array.from({ length: count }, () => ({ id: `n${String(++seq).padStart(4, '0')}`, title, ...attrs }));
}

function check(id: RulesetId, unit: RecommendingUnit, list: ListItem[], campaign = campaignOf(id)) {
  return checkList(rulesets[id], campaign, unit, list);
}

describe('non-public share', () => {
  it('京工发〔2021〕19号 第五条第一款: "非公有制单位占 40%（2/5），低于 50%"', () => {
    const list = [...items(2, 'modelHome', { ownership: 'nonPublic' }), ...items(3, 'modelSmallHome', { ownership: 'public', isOrganOrInstitution: false })];
    const result = check('beijing-2021', { name: '朝阳区总工会', kind: 'districtFederation' }, list);
    expect(result.ok).toBe(false);
    const breach = result.breaches.find((b) => b.ruleId === 'list.nonPublicShare');
    expect(breach?.message).toBe('非公有制单位占 40%（2/5），低于 50%');
    expect(breach && citationText(breach.citation)).toBe('京工发〔2021〕19号 第五条第一款');
  });

  it('京工发〔2021〕19号 第五条第一款: exactly 50% passes; industry unions are not bound by the district rule', () => {
    const list = [...items(3, 'modelHome', { ownership: 'nonPublic' }), ...items(3, 'outstandingWorker', { ownership: 'public', isOrganOrInstitution: false, isLeadingBodyCadre: false, gender: 'female' })];
    expect(check('beijing-2021', { name: '朝阳区总工会', kind: 'districtFederation' }, list).breaches).toEqual([]);
    const fewer = [...items(1, 'modelHome', { ownership: 'nonPublic', isOrganOrInstitution: false }), ...items(3, 'modelHome', { ownership: 'public', isOrganOrInstitution: false })];
    expect(check('beijing-2021', { name: '北京市教育工会', kind: 'industryUnion' }, fewer).breaches).toEqual([]);
  });

  it('总工办发〔2020〕15号 第十八条: a province\'s list, individuals counted by their unit', () => {
    const list = [...items(2, 'modelHome', { ownership: 'nonPublic' }), ...items(3, 'outstandingWorker', { ownership: 'public' })];
    const result = check('acftu-2020', { name: '河南省总工会', kind: 'provincialFederation' }, list);
    expect(result.breaches.map((b) => b.message)).toEqual(['来自非公有制单位的推荐对象占 40%（2/5），低于 50%']);
  });

  it('桂工发〔2021〕8号 七、（五）: a city federation\'s list, 50% passes, 49% fails', () => {
    const unit = { name: '南宁市总工会', kind: 'cityFederation' } as const;
    const half = [...items(50, 'modelHome', { ownership: 'nonPublic' }), ...items(50, 'modelSmallHome', { ownership: 'public' })];
    expect(check('guangxi-2021', unit, half).breaches).toEqual([]);
    const less = [...items(49, 'modelHome', { ownership: 'nonPublic' }), ...items(51, 'modelSmallHome', { ownership: 'public' })];
    expect(check('guangxi-2021', unit, less).breaches.map((b) => citationText(b.citation))).toEqual(['桂工发〔2021〕8号 七、（五）']);
  });

  it('焦作 二、（一）: non-public homes are counted against the allocated quota, not the list', () => {
    // 沁阳市 has 3 model-home places: 1 non-public of 3 is 33.33% of the quota; 2 are 66.67%.
    const one = [...items(1, 'modelHome', { ownership: 'nonPublic' }), ...items(1, 'modelHome', { ownership: 'public' })];
    const breach = check('jiaozuo-2018', { name: '沁阳市' }, one).breaches.find((b) => b.ruleId === 'list.homeNonPublic');
    expect(breach?.message).toBe('模范职工之家中非公有制企业工会占分配名额的 33.33%（1/3），低于 50%');
    expect(breach && citationText(breach.citation)).toBe('焦作市总工会评选表彰通知（2018年） 二、（一）');
    const two = items(2, 'modelHome', { ownership: 'nonPublic' });
    expect(check('jiaozuo-2018', { name: '沁阳市' }, two).breaches).toEqual([]);
  });

  it('焦作 三、（四）: non-public small homes, 2 of 沁阳市\'s 4 places (50%) pass, 1 fails', () => {
    expect(check('jiaozuo-2018', { name: '沁阳市' }, items(2, 'modelSmallHome', { ownership: 'nonPublic' })).breaches).toEqual([]);
    const one = check('jiaozuo-2018', { name: '沁阳市' }, items(1, 'modelSmallHome', { ownership: 'nonPublic' }));
    expect(one.breaches.map((b) => citationText(b.citation))).toEqual(['焦作市总工会评选表彰通知（2018年） 三、（四）']);
  });
});

describe('ceilings on organ, institution and leading-body shares', () => {
  const district = { name: '海淀区总工会', kind: 'districtFederation' } as const;

  it('京工发〔2021〕19号 第五条第一款: organ and institution unions ≤20% of collectives (1/5 passes, 2/9 fails)', () => {
    const ok = [...items(1, 'modelHome', { ownership: 'public', isOrganOrInstitution: true }), ...items(4, 'modelHome', { ownership: 'nonPublic', isOrganOrInstitution: false })];
    expect(check('beijing-2021', district, ok).breaches).toEqual([]);
    const over = [...items(2, 'modelHome', { ownership: 'public', isOrganOrInstitution: true }), ...items(7, 'modelSmallHome', { ownership: 'nonPublic', isOrganOrInstitution: false })];
    const breach = check('beijing-2021', district, over).breaches.find((b) => b.ruleId === 'list.organInstitutionUnions');
    expect(breach?.message).toBe('模范职工之家、模范职工小家中机关、事业单位工会占 22.22%（2/9），超过 20%');
    expect(breach?.itemIds).toHaveLength(2);
  });

  it('京工发〔2021〕19号 第五条第一款: organ, institution and leading-body cadres ≤20% of individuals', () => {
    const worker = (attrs: Partial<ListItem>) => items(1, 'outstandingWorker', { ownership: 'nonPublic', gender: 'female', isOrganOrInstitution: false, isLeadingBodyCadre: false, ...attrs });
    const ok = [...worker({ isOrganOrInstitution: true }), ...worker({ isLeadingBodyCadre: true }), ...Array.from({ length: 8 }, () => worker({})).flat()];
    expect(check('beijing-2021', district, ok).breaches).toEqual([]);
    const over = [...ok, ...worker({ isLeadingBodyCadre: true })];
    expect(check('beijing-2021', district, over).breaches.map((b) => b.message)).toEqual(['优秀工会工作者中机关、事业单位工会干部和工会领导机关干部占 27.27%（3/11），超过 20%']);
  });

  it('焦作 三、（四）: leading-body cadres ≤10% of outstanding workers (1/10 passes, 2/10 fails)', () => {
    const unit = { name: '市直' };
    const ok = [...items(1, 'outstandingWorker', { isLeadingBodyCadre: true }), ...items(9, 'outstandingWorker', { isLeadingBodyCadre: false })];
    expect(check('jiaozuo-2018', unit, ok).breaches).toEqual([]);
    const over = [...items(2, 'outstandingWorker', { isLeadingBodyCadre: true }), ...items(8, 'outstandingWorker', { isLeadingBodyCadre: false })];
    expect(check('jiaozuo-2018', unit, over).breaches.map((b) => b.message)).toEqual(['优秀工会工作者中工会领导机关县级（含）以下干部占 20%（2/10），超过 10%']);
  });
});

describe('women in fair proportion', () => {
  it('京工发〔2021〕19号 第五条第四款: a district\'s workers with no woman get an advisory, not a refusal', () => {
    const men = items(4, 'outstandingWorker', { ownership: 'nonPublic', gender: 'male', isOrganOrInstitution: false, isLeadingBodyCadre: false });
    const result = check('beijing-2021', { name: '东城区总工会', kind: 'districtFederation' }, men);
    expect(result.breaches.map((b) => [b.severity, b.message, citationText(b.citation)])).toEqual([
      ['advisory', '优秀工会工作者中没有女性（0/4）', '京工发〔2021〕19号 第五条第四款'],
    ]);
    expect(result.ok).toBe(true);
    const withWoman = [...men, ...items(1, 'outstandingWorker', { ownership: 'nonPublic', gender: 'female', isOrganOrInstitution: false, isLeadingBodyCadre: false })];
    expect(check('beijing-2021', { name: '东城区总工会', kind: 'districtFederation' }, withWoman).breaches).toEqual([]);
  });
});

describe('activists: front line and women', () => {
  it.each([
    { id: 'acftu-2020' as const, article: '第五条第四款' },
    { id: 'guangxi-2021' as const, article: '五、（四）' },
  ])('$id $article: front line ≥60% (3/5 passes, 2/5 fails); no women is an advisory', ({ id, article }) => {
    const unit = { name: '推荐单位' };
    const ok = [...items(3, 'activist', { isFrontLine: true, gender: 'female', ownership: 'nonPublic' }), ...items(2, 'activist', { isFrontLine: false, gender: 'male', ownership: 'nonPublic' })];
    expect(check(id, unit, ok).breaches).toEqual([]);

    const few = [...items(2, 'activist', { isFrontLine: true, gender: 'male', ownership: 'nonPublic' }), ...items(3, 'activist', { isFrontLine: false, gender: 'male', ownership: 'nonPublic' })];
    const result = check(id, unit, few);
    expect(result.ok).toBe(false);
    const frontLine = result.breaches.find((b) => b.ruleId === 'list.activistFrontLine');
    expect(frontLine && citationText(frontLine.citation)).toBe(`${rulesets[id].citationDoc} ${article}`);
    expect(frontLine?.severity).toBe('hard');
    const women = result.breaches.find((b) => b.ruleId === 'list.activistWomen');
    expect(women).toMatchObject({ severity: 'advisory', message: '优秀工会积极分子中没有女性（0/5）' });
  });

  it('an advisory breach alone leaves the list ok', () => {
    const list = items(5, 'activist', { isFrontLine: true, gender: 'male', ownership: 'nonPublic' });
    const result = check('acftu-2020', { name: '某省总工会', kind: 'provincialFederation' }, list);
    expect(result.breaches.map((b) => b.severity)).toEqual(['advisory']);
    expect(result.ok).toBe(true);
  });
});

describe('quotas', () => {
  it('焦作 附件: more nominees than the unit\'s quota, and a title the unit has no place for', () => {
    const list = [...items(4, 'modelHome', { ownership: 'nonPublic' }), ...items(1, 'redFlagHome', { applyingUnit: '温县某公司工会' })];
    const result = check('jiaozuo-2018', { name: '温县' }, list);
    const quota = result.breaches.filter((b) => b.kind === 'quota');
    expect(quota.map((b) => b.message)).toEqual(['温县推荐模范职工之家 4 个，超过分配名额 2 个', '温县没有模范职工之家红旗单位名额，推荐了 1 个']);
    expect(quota.every((b) => citationText(b.citation) === '焦作市总工会评选表彰通知（2018年） 附件')).toBe(true);
  });

  it('焦作 附件: a unit missing from the quota table', () => {
    const result = check('jiaozuo-2018', { name: '高新区' }, items(1, 'modelHome', { ownership: 'nonPublic' }));
    expect(result.breaches.map((b) => b.kind)).toContain('notInQuotaTable');
  });

  it('a campaign\'s own quota table overrides the ruleset\'s', () => {
    const campaign = { ...campaignOf('jiaozuo-2018'), quotaTable: { titles: ['modelHome' as const], units: [{ unit: '高新区', quotas: { modelHome: 1 } }] } };
    const result = check('jiaozuo-2018', { name: '高新区' }, items(1, 'modelHome', { ownership: 'nonPublic' }), campaign);
    expect(result.breaches).toEqual([]);
  });

  it('秦皇岛 第十一条: 15 homes a year; the 16th breaches', () => {
    const unit = { name: '秦皇岛市总工会' };
    expect(check('qinhuangdao-2023', unit, items(15, 'modelHome')).breaches).toEqual([]);
    const result = check('qinhuangdao-2023', unit, [...items(16, 'modelHome'), ...items(11, 'outstandingWorker')]);
    expect(result.breaches.map((b) => b.message)).toEqual(['模范职工之家 16 个，超过每年评选总数 15 个', '优秀工会工作者 11 个，超过每年评选总数 10 个']);
    expect(result.breaches.every((b) => citationText(b.citation) === '秦皇岛市选树管理实施办法（2023年） 第十一条')).toBe(true);
  });

  it('焦作 一、（二）: at most 10 red-flag homes in the whole campaign', () => {
    const campaign = { ...campaignOf('jiaozuo-2018'), quotaTable: { titles: ['redFlagHome' as const], units: [{ unit: '全市', quotas: { redFlagHome: 20 } }] } };
    const list = Array.from({ length: 11 }, (_, i) => items(1, 'redFlagHome', { applyingUnit: `单位${i}` })).flat();
    const result = check('jiaozuo-2018', { name: '全市' }, list, campaign);
    expect(result.breaches.map((b) => citationText(b.citation))).toEqual(['焦作市总工会评选表彰通知（2018年） 一、（二）']);
  });

  it('a title the campaign does not offer', () => {
    const campaign = { year: 2024, titles: ['modelHome' as const] };
    const result = check('acftu-2020', { name: '某省总工会' }, [...items(1, 'modelHome', { ownership: 'nonPublic' }), ...items(1, 'activist', { ownership: 'nonPublic', isFrontLine: true, gender: 'female' })], campaign);
    expect(result.breaches.map((b) => [b.kind, citationText(b.citation)])).toEqual([['titleNotInCampaign', '总工办发〔2020〕15号 第十五条']]);
  });
});

describe('焦作 四、（一）: each applying unit proposes at most one candidate of each red-flag kind', () => {
  const unit = { name: '沁阳市' };

  it('two red-flag homes from one applying unit breach; from two units they do not', () => {
    const same = items(2, 'redFlagHome', { applyingUnit: '沁阳市某厂工会' });
    const result = check('jiaozuo-2018', unit, same);
    expect(result.breaches.map((b) => b.message)).toEqual(['申报单位「沁阳市某厂工会」申报模范职工之家红旗单位候选 2 个，超过 1 个']);
    expect(result.breaches[0] && citationText(result.breaches[0].citation)).toBe('焦作市总工会评选表彰通知（2018年） 四、（一）');
    const two = [...items(1, 'redFlagHome', { applyingUnit: '甲厂工会' }), ...items(1, 'redFlagHome', { applyingUnit: '乙厂工会' })];
    expect(check('jiaozuo-2018', unit, two).breaches).toEqual([]);
  });

  it('one of each kind from the same applying unit is fine; the recommending unit may pass on several (沁阳市 has 3 places)', () => {
    const list = (['redFlagHome', 'redFlagSmallHome', 'exemplarWorker', 'exemplarFriend'] as TitleCode[]).flatMap((t) => items(1, t, { applyingUnit: '甲厂工会' }));
    expect(check('jiaozuo-2018', unit, list).breaches).toEqual([]);
    const three = ['甲', '乙', '丙'].flatMap((a) => items(1, 'redFlagHome', { applyingUnit: `${a}厂工会` }));
    expect(check('jiaozuo-2018', unit, three).breaches).toEqual([]);
  });

  it('a candidate without its applying unit cannot be checked: a gap, not a pass', () => {
    const result = check('jiaozuo-2018', unit, items(1, 'exemplarWorker'));
    expect(result.gaps.map((g) => g.ruleId)).toEqual(['cap.exemplarWorker']);
    expect(result.ok).toBe(false);
  });
});

describe('missing attributes', () => {
  it('a gap when unknown items could change the outcome', () => {
    const list = [...items(2, 'modelHome', { ownership: 'nonPublic', isOrganOrInstitution: false }), ...items(2, 'modelHome', { ownership: 'public', isOrganOrInstitution: false }), ...items(1, 'modelHome', { isOrganOrInstitution: false })];
    const result = check('beijing-2021', { name: '西城区总工会', kind: 'districtFederation' }, list);
    expect(result.breaches).toEqual([]);
    expect(result.gaps.map((g) => g.message)).toEqual(['1 个推荐对象缺少非公有制单位认定所需信息，无法判断非公有制单位占比是否符合要求']);
    expect(result.ok).toBe(false);
  });

  it('decided anyway when the unknown items cannot change the outcome', () => {
    const passes = [...items(3, 'modelHome', { ownership: 'nonPublic', isOrganOrInstitution: false }), ...items(1, 'modelHome', { isOrganOrInstitution: false })];
    expect(check('beijing-2021', { name: '西城区总工会', kind: 'districtFederation' }, passes).ok).toBe(true);
    const fails = [...items(1, 'modelHome', { ownership: 'nonPublic', isOrganOrInstitution: false }), ...items(3, 'modelHome', { ownership: 'public', isOrganOrInstitution: false }), ...items(1, 'modelHome', { isOrganOrInstitution: false })];
    expect(check('beijing-2021', { name: '西城区总工会', kind: 'districtFederation' }, fails).breaches.map((b) => b.ruleId)).toEqual(['list.nonPublicShare']);
  });

  it('an empty list breaches nothing', () => {
    expect(check('jiaozuo-2018', { name: '不存在的单位' }, [])).toEqual({ ok: true, breaches: [], gaps: [] });
  });
});
