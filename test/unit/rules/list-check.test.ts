import { rulesets, type RulesetId } from '@config/rulesets';
import { checkList, citationText, recommenderKindOf, type ListCampaign, type ListItem, type RecommendingUnit, type TitleCode } from '@shared/rules';

/** Quotas, per-applicant caps and list ratios of a recommending unit's list; the fixed numbers are campaign-totals.test.ts's. */

const campaignOf = (id: RulesetId, year = 2024): ListCampaign => ({ year, titles: rulesets[id].titles.map((t) => t.title) });

let seq = 0;
function items(count: number, title: TitleCode, attrs: Partial<ListItem> = {}): ListItem[] {
  return Array.from({ length: count }, () => ({ id: `n${String(++seq).padStart(4, '0')}`, title, ...attrs }));
}

function check(id: RulesetId, unit: RecommendingUnit, list: ListItem[], campaign = campaignOf(id)) {
  return checkList(rulesets[id], campaign, unit, list);
}

/** 焦作's recommending units: 县（市、区）总工会, and 市直 (the city's own unions, grouped). */
const qinyang = { name: '沁阳市', kind: 'districtFederation' } as const;
const unitOf = (name: string): RecommendingUnit => ({ name, kind: name === '市直' ? 'other' : 'districtFederation' });

describe('non-public share: advisory (一般), bound only to the recommenders the article names', () => {
  const district = { name: '朝阳区总工会', kind: 'districtFederation' } as const;

  it('京工发〔2021〕19号 第五条第一款: a district\'s 40% is an advisory breach — the list may go up, with a reason', () => {
    const list = [...items(2, 'modelHome', { ownership: 'nonPublic' }), ...items(3, 'modelSmallHome', { ownership: 'public', isOrganOrInstitution: false })];
    const result = check('beijing-2021', district, list);
    const breach = result.breaches.find((b) => b.ruleId === 'list.nonPublicShare');
    expect(breach).toMatchObject({ severity: 'advisory', message: '模范职工之家、模范职工小家中非公有制单位占 40%（2/5），低于 50%' });
    expect(breach && citationText(breach.citation)).toBe('京工发〔2021〕19号 第五条第一款');
    expect(result).toMatchObject({ ok: true, needsReason: true });
  });

  it('京工发〔2021〕19号 第五条第一款: at the boundary, 50% (3/6) is met and 45% (9/20) is not', () => {
    const half = [...items(3, 'modelHome', { ownership: 'nonPublic', isOrganOrInstitution: false }), ...items(3, 'modelSmallHome', { ownership: 'public', isOrganOrInstitution: false })];
    expect(check('beijing-2021', district, half)).toMatchObject({ ok: true, needsReason: false, breaches: [], gaps: [] });
    const under = [...items(9, 'modelHome', { ownership: 'nonPublic', isOrganOrInstitution: false }), ...items(11, 'modelSmallHome', { ownership: 'public', isOrganOrInstitution: false })];
    expect(check('beijing-2021', district, under).breaches.map((b) => [b.severity, b.message])).toEqual([['advisory', '模范职工之家、模范职工小家中非公有制单位占 45%（9/20），低于 50%']]);
  });

  it('京工发〔2021〕19号 第五条第一款 counts 单位, not individuals: workers from public units do not lower the share', () => {
    const worker = { ownership: 'public' as const, isOrganOrInstitution: false, isLeadingBodyCadre: false, gender: 'female' as const };
    const list = [...items(1, 'modelHome', { ownership: 'nonPublic' }), ...items(3, 'outstandingWorker', worker)];
    expect(check('beijing-2021', district, list).breaches).toEqual([]);
  });

  it('京工发〔2021〕19号 第五条第一款 binds 区总工会 only: an industry union, a city federation or a direct union at 25% is not held to it', () => {
    const fewer = [...items(1, 'modelHome', { ownership: 'nonPublic', isOrganOrInstitution: false }), ...items(3, 'modelHome', { ownership: 'public', isOrganOrInstitution: false })];
    for (const kind of ['industryUnion', 'cityFederation', 'directGrassroots', 'other'] as const) {
      expect(check('beijing-2021', { name: '北京市教育工会', kind }, fewer)).toMatchObject({ ok: true, needsReason: false, breaches: [] });
    }
    expect(check('beijing-2021', district, fewer).breaches.map((b) => b.ruleId)).toEqual(['list.nonPublicShare']);
  });

  it('总工办发〔2020〕15号 第十八条: a province\'s 集体和个人, individuals counted by their unit; advisory; a city federation is not bound', () => {
    const list = [...items(2, 'modelHome', { ownership: 'nonPublic' }), ...items(3, 'outstandingWorker', { ownership: 'public' })];
    const result = check('acftu-2020', { name: '河南省总工会', kind: 'provincialFederation' }, list);
    expect(result.breaches.map((b) => [b.severity, b.message])).toEqual([['advisory', '来自非公有制单位的推荐对象占 40%（2/5），低于 50%']]);
    expect(result).toMatchObject({ ok: true, needsReason: true });
    expect(check('acftu-2020', { name: '郑州市总工会', kind: 'cityFederation' }, list).breaches).toEqual([]);
  });

  it('桂工发〔2021〕8号 七、（五）: a city federation\'s list, 50% is met, 49% an advisory breach; a district federation is not bound', () => {
    const unit = { name: '南宁市总工会', kind: 'cityFederation' } as const;
    const half = [...items(50, 'modelHome', { ownership: 'nonPublic' }), ...items(50, 'modelSmallHome', { ownership: 'public' })];
    expect(check('guangxi-2021', unit, half).breaches).toEqual([]);
    const less = [...items(49, 'modelHome', { ownership: 'nonPublic' }), ...items(51, 'modelSmallHome', { ownership: 'public' })];
    const result = check('guangxi-2021', unit, less);
    expect(result.breaches.map((b) => [b.severity, citationText(b.citation)])).toEqual([['advisory', '桂工发〔2021〕8号 七、（五）']]);
    expect(result.ok).toBe(true);
    expect(check('guangxi-2021', { name: '青秀区总工会', kind: 'districtFederation' }, less).breaches).toEqual([]);
  });

  it('焦作 二、（一）: non-public homes are counted against the allocated quota, not the list; "不低于" stays hard', () => {
    // 沁阳市 has 3 model-home places: 1 non-public of 3 is 33.33% of the quota; 2 are 66.67%.
    const one = [...items(1, 'modelHome', { ownership: 'nonPublic' }), ...items(1, 'modelHome', { ownership: 'public' })];
    const result = check('jiaozuo-2018', qinyang, one);
    const breach = result.breaches.find((b) => b.ruleId === 'list.homeNonPublic');
    expect(breach?.message).toBe('模范职工之家中非公有制企业工会占分配名额的 33.33%（1/3），低于 50%');
    expect(breach && citationText(breach.citation)).toBe('焦作市总工会评选表彰通知（2018年） 二、（一）');
    expect(result.ok).toBe(false);
    const two = items(2, 'modelHome', { ownership: 'nonPublic' });
    expect(check('jiaozuo-2018', qinyang, two).breaches).toEqual([]);
  });

  it('焦作 三、（四）: non-public small homes, 2 of 沁阳市\'s 4 places (50%) pass, 1 fails', () => {
    expect(check('jiaozuo-2018', qinyang, items(2, 'modelSmallHome', { ownership: 'nonPublic' })).breaches).toEqual([]);
    const one = check('jiaozuo-2018', qinyang, items(1, 'modelSmallHome', { ownership: 'nonPublic' }));
    expect(one.breaches.map((b) => citationText(b.citation))).toEqual(['焦作市总工会评选表彰通知（2018年） 三、（四）']);
  });
});

describe('the kind of a recommending unit, from the directory\'s level and kind', () => {
  it.each([
    [{ level: 'provincial', kind: 'federation' }, 'provincialFederation'],
    [{ level: 'city', kind: 'federation' }, 'cityFederation'],
    [{ level: 'district', kind: 'federation' }, 'districtFederation'],
    [{ level: 'city', kind: 'industryUnion' }, 'industryUnion'],
    [{ level: 'district', kind: 'industryUnion' }, 'industryUnion'],
    [{ level: 'grassroots', kind: 'enterprise' }, 'directGrassroots'],
    [{ level: 'grassroots', kind: 'industryUnion' }, 'directGrassroots'],
    [{ level: 'city', kind: 'governmentOrgan' }, 'other'],
    [{ level: 'national', kind: 'federation' }, 'other'],
  ] as const)('%o is %s', (org, kind) => {
    expect(recommenderKindOf(org)).toBe(kind);
  });
});

describe('ceilings on organ, institution and leading-body shares', () => {
  const district = { name: '海淀区总工会', kind: 'districtFederation' } as const;

  it('京工发〔2021〕19号 第五条第一款 (一般): organ and institution unions ≤20% of collectives (1/5 is met, 2/9 an advisory breach)', () => {
    const ok = [...items(1, 'modelHome', { ownership: 'public', isOrganOrInstitution: true }), ...items(4, 'modelHome', { ownership: 'nonPublic', isOrganOrInstitution: false })];
    expect(check('beijing-2021', district, ok).breaches).toEqual([]);
    const over = [...items(2, 'modelHome', { ownership: 'public', isOrganOrInstitution: true }), ...items(7, 'modelSmallHome', { ownership: 'nonPublic', isOrganOrInstitution: false })];
    const result = check('beijing-2021', district, over);
    const breach = result.breaches.find((b) => b.ruleId === 'list.organInstitutionUnions');
    expect(breach).toMatchObject({ severity: 'advisory', message: '模范职工之家、模范职工小家中机关、事业单位工会占 22.22%（2/9），超过 20%' });
    expect(breach?.itemIds).toHaveLength(2);
    expect(result).toMatchObject({ ok: true, needsReason: true });
  });

  it('京工发〔2021〕19号 第五条第一款 binds 各区总工会、各产业工会: an industry union is held to the 20% ceiling, a city federation is not', () => {
    const over = [...items(2, 'modelHome', { ownership: 'public', isOrganOrInstitution: true }), ...items(7, 'modelSmallHome', { ownership: 'public', isOrganOrInstitution: false })];
    expect(check('beijing-2021', { name: '北京市教育工会', kind: 'industryUnion' }, over).breaches.map((b) => b.ruleId)).toEqual(['list.organInstitutionUnions']);
    expect(check('beijing-2021', { name: '某市总工会', kind: 'cityFederation' }, over).breaches).toEqual([]);
  });

  it('京工发〔2021〕19号 第五条第一款: organ, institution and leading-body cadres ≤20% of individuals', () => {
    const worker = (attrs: Partial<ListItem>) => items(1, 'outstandingWorker', { ownership: 'nonPublic', gender: 'female', isOrganOrInstitution: false, isLeadingBodyCadre: false, ...attrs });
    const ok = [...worker({ isOrganOrInstitution: true }), ...worker({ isLeadingBodyCadre: true }), ...Array.from({ length: 8 }, () => worker({})).flat()];
    expect(check('beijing-2021', district, ok).breaches).toEqual([]);
    const over = [...ok, ...worker({ isLeadingBodyCadre: true })];
    expect(check('beijing-2021', district, over).breaches.map((b) => b.message)).toEqual(['优秀工会工作者中机关、事业单位工会干部和工会领导机关干部占 27.27%（3/11），超过 20%']);
  });

  it('焦作 三、（四）: leading-body cadres ≤10% of outstanding workers (1/10 passes, 2/10 fails)', () => {
    const unit = unitOf('市直');
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
    const unit = { name: '推荐单位', kind: 'other' } as const;
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
    const result = check('jiaozuo-2018', unitOf('温县'), list);
    const quota = result.breaches.filter((b) => b.kind === 'quota');
    expect(quota.map((b) => b.message)).toEqual(['温县推荐模范职工之家 4 个，超过分配名额 2 个', '温县没有模范职工之家红旗单位名额，推荐了 1 个']);
    expect(quota.every((b) => citationText(b.citation) === '焦作市总工会评选表彰通知（2018年） 附件')).toBe(true);
  });

  it('焦作 附件: a unit missing from the quota table', () => {
    const result = check('jiaozuo-2018', unitOf('高新区'), items(1, 'modelHome', { ownership: 'nonPublic' }));
    expect(result.breaches.map((b) => b.kind)).toContain('notInQuotaTable');
  });

  it('a campaign\'s own quota table overrides the ruleset\'s', () => {
    const campaign = { ...campaignOf('jiaozuo-2018'), quotaTable: { titles: ['modelHome' as const], units: [{ unit: '高新区', quotas: { modelHome: 1 } }] } };
    const result = check('jiaozuo-2018', unitOf('高新区'), items(1, 'modelHome', { ownership: 'nonPublic' }), campaign);
    expect(result.breaches).toEqual([]);
  });

  it('秦皇岛 第十一条 and 焦作 一、 are totals of the whole campaign or year, not of one list: 16 homes on one list breach nothing here', () => {
    // The organiser chooses among what the units send; campaign-totals.test.ts holds the decision to the figures.
    expect(check('qinhuangdao-2023', { name: '海港区', kind: 'districtFederation' }, [...items(16, 'modelHome'), ...items(11, 'outstandingWorker')]).breaches).toEqual([]);
    const campaign = { ...campaignOf('jiaozuo-2018'), quotaTable: { titles: ['redFlagHome' as const], units: [{ unit: '全市', quotas: { redFlagHome: 20 } }] } };
    const list = Array.from({ length: 11 }, (_, i) => items(1, 'redFlagHome', { applyingUnit: `单位${i}` })).flat();
    expect(check('jiaozuo-2018', unitOf('全市'), list, campaign).breaches).toEqual([]);
  });

  it('a title the campaign does not offer', () => {
    const campaign = { year: 2024, titles: ['modelHome' as const] };
    const result = check('acftu-2020', { name: '某省总工会', kind: 'provincialFederation' }, [...items(1, 'modelHome', { ownership: 'nonPublic' }), ...items(1, 'activist', { ownership: 'nonPublic', isFrontLine: true, gender: 'female' })], campaign);
    expect(result.breaches.map((b) => [b.kind, citationText(b.citation)])).toEqual([['titleNotInCampaign', '总工办发〔2020〕15号 第十五条']]);
  });
});

describe('焦作 四、（一）: each applying unit proposes one candidate of each red-flag kind — advisory, as the text contradicts its 附件', () => {
  const unit = qinyang;

  it('two red-flag homes from one applying unit are an advisory breach, with the reading; from two units they are none', () => {
    const same = items(2, 'redFlagHome', { applyingUnit: '沁阳市某厂工会' });
    const result = check('jiaozuo-2018', unit, same);
    expect(result.breaches.map((b) => [b.severity, b.message])).toEqual([['advisory', '申报单位「沁阳市某厂工会」申报模范职工之家红旗单位候选 2 个，超过 1 个']]);
    expect(result.breaches[0] && citationText(result.breaches[0].citation)).toBe('焦作市总工会评选表彰通知（2018年） 四、（一）');
    expect(result.breaches[0]?.reading).toMatch(/^本系统理解：.*沁阳市分配红旗职工之家 3 个、红旗职工小家 8 个/);
    expect(result).toMatchObject({ ok: true, needsReason: true });
    const two = [...items(1, 'redFlagHome', { applyingUnit: '甲厂工会' }), ...items(1, 'redFlagHome', { applyingUnit: '乙厂工会' })];
    expect(check('jiaozuo-2018', unit, two).breaches).toEqual([]);
  });

  it('one of each kind from the same applying unit is fine; the recommending unit may pass on several (沁阳市 has 3 places)', () => {
    const list = (['redFlagHome', 'redFlagSmallHome', 'exemplarWorker', 'exemplarFriend'] as TitleCode[]).flatMap((t) => items(1, t, { applyingUnit: '甲厂工会' }));
    expect(check('jiaozuo-2018', unit, list).breaches).toEqual([]);
    const three = ['甲', '乙', '丙'].flatMap((a) => items(1, 'redFlagHome', { applyingUnit: `${a}厂工会` }));
    expect(check('jiaozuo-2018', unit, three).breaches).toEqual([]);
  });

  it('a candidate without its applying unit cannot be checked: an advisory gap, not a pass — a reason is needed', () => {
    const result = check('jiaozuo-2018', unit, items(1, 'exemplarWorker'));
    expect(result.gaps.map((g) => [g.ruleId, g.severity])).toEqual([['cap.exemplarWorker', 'advisory']]);
    expect(result).toMatchObject({ ok: true, needsReason: true });
  });
});

describe('missing attributes', () => {
  it('a gap when unknown items could change the outcome', () => {
    const list = [...items(2, 'modelHome', { ownership: 'nonPublic', isOrganOrInstitution: false }), ...items(2, 'modelHome', { ownership: 'public', isOrganOrInstitution: false }), ...items(1, 'modelHome', { isOrganOrInstitution: false })];
    const result = check('beijing-2021', { name: '西城区总工会', kind: 'districtFederation' }, list);
    expect(result.breaches).toEqual([]);
    expect(result.gaps.map((g) => g.message)).toEqual(['1 个推荐对象缺少非公有制单位认定所需信息，无法判断模范职工之家、模范职工小家中非公有制单位占比是否符合要求']);
    // An advisory rule left undecided: the list may go up, with the sender's reason.
    expect(result).toMatchObject({ ok: true, needsReason: true });
  });

  it('decided anyway when the unknown items cannot change the outcome', () => {
    const passes = [...items(3, 'modelHome', { ownership: 'nonPublic', isOrganOrInstitution: false }), ...items(1, 'modelHome', { isOrganOrInstitution: false })];
    expect(check('beijing-2021', { name: '西城区总工会', kind: 'districtFederation' }, passes).ok).toBe(true);
    const fails = [...items(1, 'modelHome', { ownership: 'nonPublic', isOrganOrInstitution: false }), ...items(3, 'modelHome', { ownership: 'public', isOrganOrInstitution: false }), ...items(1, 'modelHome', { isOrganOrInstitution: false })];
    expect(check('beijing-2021', { name: '西城区总工会', kind: 'districtFederation' }, fails).breaches.map((b) => b.ruleId)).toEqual(['list.nonPublicShare']);
  });

  it('an empty list breaches nothing', () => {
    expect(check('jiaozuo-2018', unitOf('不存在的单位'), [])).toEqual({ ok: true, needsReason: false, breaches: [], gaps: [] });
  });
});
