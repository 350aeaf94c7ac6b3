import { rulesets } from '../../../config/rulesets';
import { compareWithFollowed, markCounts, type ComparisonRow } from '../../../shared/rules/ruleset-comparison';
import { parseRuleset, type Ruleset, type RulesetInput } from '../../../shared/rules/ruleset-schema';

/**
 * Issue 16 point 9: beijing-2021, guangxi-2021, qinhuangdao-2023 and jiaozuo-2018 are written as differences from
 * acftu-2020, and 本地办法与全国办法对照 lays each beside it. Every rule of both sides is in the table once, each row
 * carries the mark its ruleset declares, and the marks say what the seed texts say.
 */
const national = rulesets['acftu-2020'];
const regionalIds = ['beijing-2021', 'guangxi-2021', 'qinhuangdao-2023', 'jiaozuo-2018'] as const;
const rowsOf = (id: (typeof regionalIds)[number]): ComparisonRow[] => compareWithFollowed(rulesets[id], national);
const row = (rows: ComparisonRow[], id: string, part: ComparisonRow['part'] = 'condition'): ComparisonRow | undefined => rows.find((r) => r.part === part && r.id === id);
const sorted = (ids: string[]) => [...ids].sort();

describe.each(regionalIds)('%s beside acftu-2020', (id) => {
  const regional = rulesets[id];
  const rows = rowsOf(id);

  it('follows acftu-2020', () => {
    expect(regional.follows?.rulesetId).toBe('acftu-2020');
  });

  it('has every regional condition and revocation ground in exactly one row', () => {
    for (const part of ['condition', 'revocationGround'] as const) {
      const own = part === 'condition' ? regional.conditions : regional.revocation.grounds;
      const shown = rows.filter((r) => r.part === part && r.regional).map((r) => r.regional?.id ?? '');
      expect(sorted(shown)).toEqual(sorted(own.map((c) => c.id)));
    }
  });

  it('has every national condition and revocation ground in exactly one row', () => {
    for (const part of ['condition', 'revocationGround'] as const) {
      const own = part === 'condition' ? national.conditions : national.revocation.grounds;
      const shown = rows.filter((r) => r.part === part).flatMap((r) => r.national.map((n) => n.id));
      expect(sorted(shown)).toEqual(sorted(own.map((c) => c.id)));
    }
  });

  it('marks each regional row as its ruleset declares, and a national rule it leaves out 未规定', () => {
    for (const r of rows) {
      const declared = regional.follows?.marks.find((m) => m.part === r.part && m.id === r.id);
      if (r.regional) {
        expect([r.id, r.mark, r.note]).toEqual([r.id, declared?.mark, declared?.note ?? null]);
        expect(sorted(r.national.map((n) => n.id))).toEqual(sorted(declared?.pairsWith ?? (declared?.mark === 'added' ? [] : [r.id])));
      } else {
        expect([r.id, r.mark, declared]).toEqual([r.id, 'notProvided', undefined]);
      }
      // A difference says what differs.
      if (r.mark === 'stricter' || r.mark === 'looser' || r.mark === 'changed') expect(r.note).toMatch(/\S/);
    }
  });

  it('cites the regional document on the regional side and the national one on the national side', () => {
    for (const r of rows) {
      if (r.regional) expect(r.regional.citation.startsWith(`${regional.citationDoc} `)).toBe(true);
      for (const n of r.national) expect(n.citation.startsWith('总工办发〔2020〕15号 ')).toBe(true);
    }
  });
});

describe('the marks, as the seed texts read', () => {
  it('beijing-2021: 第六条（二） raises the 入会率 to 95%, adds the 会员信息采集率, and drops the party consultation of 第十三条', () => {
    const rows = rowsOf('beijing-2021');
    expect(row(rows, 'home.membershipRate')).toEqual({
      part: 'condition',
      id: 'home.membershipRate',
      titles: ['modelHome'],
      national: [{ id: 'home.membershipRate', description: '近三年职工（含农民工、劳务派遣工）入会率均在90%以上', citation: '总工办发〔2020〕15号 第六条（二）' }],
      regional: { id: 'home.membershipRate', description: '近三年职工（含农民工、劳务派遣工）入会率均在95%以上', citation: '京工发〔2021〕19号 第六条（二）' },
      mark: 'stricter',
      note: '入会率由近三年均在 90% 以上提高到 95% 以上',
    });
    expect(row(rows, 'home.memberInfoCollection')).toMatchObject({ mark: 'added', national: [], regional: { citation: '京工发〔2021〕19号 第六条（二）' } });
    expect(row(rows, 'procedure.consultMembers')).toMatchObject({ mark: 'looser', regional: { citation: '京工发〔2021〕19号 第十三条' } });
    // No "一般从区级…产生": the national 第六条 sentence is 未规定 in Beijing; 积极分子 are not a Beijing title.
    expect(row(rows, 'home.fromProvincial')).toMatchObject({ mark: 'notProvided', regional: null, note: null });
    expect(row(rows, 'activist.scope')).toMatchObject({ mark: 'notProvided', note: '本地办法未设优秀工会积极分子称号' });
    // 第六条（五） covers the national 第六条（三）（四） in one item.
    expect(row(rows, 'home.mechanisms')?.national.map((n) => n.citation)).toEqual(['总工办发〔2020〕15号 第六条（三）', '总工办发〔2020〕15号 第六条（四）']);
    // 第二十条至第二十二条 repeat 第二十三条至第二十五条 word for word.
    expect(rows.filter((r) => r.part === 'revocationGround').every((r) => r.mark === 'same')).toBe(true);
    expect(markCounts(rows)).toEqual({ same: 32, stricter: 6, looser: 1, changed: 3, added: 6, notProvided: 19 });
  });

  it('guangxi-2021: 五、（五） narrows 优秀工会之友 to 处级, 六、（一） takes the national sentence one level down, and there is no 不重复 sentence', () => {
    const rows = rowsOf('guangxi-2021');
    expect(row(rows, 'friend.cadreRank')).toEqual({
      part: 'condition',
      id: 'friend.cadreRank',
      titles: ['friend'],
      national: [{ id: 'friend.cadreRank', description: '厅局级以下党政领导干部，或企业、事业单位、社会团体和其他社会组织党政负责人', citation: '总工办发〔2020〕15号 第五条第五款' }],
      regional: { id: 'friend.cadreRank', description: '处级（含）以下党政领导干部，或企业、事业单位、社会团体和其他组织党政负责人', citation: '桂工发〔2021〕8号 五、（五）' },
      mark: 'stricter',
      note: '党政领导干部由厅局级以下收紧为处级（含）以下',
    });
    expect(row(rows, 'home.fromCity')).toMatchObject({
      mark: 'same',
      national: [{ id: 'home.fromProvincial', citation: '总工办发〔2020〕15号 第六条' }],
      regional: { id: 'home.fromCity', citation: '桂工发〔2021〕8号 六、（一）' },
    });
    expect(row(rows, 'home.fromProvincial')).toBeUndefined();
    expect(row(rows, 'noRepeat.modelHome')).toMatchObject({ mark: 'notProvided', note: null });
    expect(row(rows, 'revoke.person.conduct', 'revocationGround')).toMatchObject({ mark: 'stricter', regional: { citation: '桂工发〔2021〕8号 八、（三）3.' } });
    expect(markCounts(rows)).toEqual({ same: 51, stricter: 3, looser: 0, changed: 2, added: 0, notProvided: 9 });
  });

  it('qinhuangdao-2023: 第五条（二） asks the 入会率 of one year, adds 网上工会 and three years of union work, and has no revocation articles', () => {
    const rows = rowsOf('qinhuangdao-2023');
    expect(row(rows, 'home.membershipRate')).toMatchObject({
      mark: 'looser',
      national: [{ description: '近三年职工（含农民工、劳务派遣工）入会率均在90%以上' }],
      regional: { description: '职工（含农民工、劳务派遣工）入会率达到90%以上', citation: '秦皇岛市选树管理实施办法（2023年） 第五条（二）' },
    });
    expect(row(rows, 'home.onlineUnion')).toMatchObject({ mark: 'added', national: [] });
    expect(row(rows, 'worker.yearsOfUnionWork')).toMatchObject({ mark: 'added', regional: { citation: '秦皇岛市选树管理实施办法（2023年） 第四条第三款' } });
    expect(row(rows, 'smallHome.membershipRate')).toMatchObject({ mark: 'notProvided', regional: null });
    const grounds = rows.filter((r) => r.part === 'revocationGround');
    expect(grounds).toHaveLength(national.revocation.grounds.length);
    expect(grounds.every((r) => r.mark === 'notProvided')).toBe(true);
    expect(markCounts(rows)).toEqual({ same: 13, stricter: 3, looser: 2, changed: 2, added: 8, notProvided: 45 });
  });

  it('jiaozuo-2018: 三、（三） makes the members\' consultation an 85% ballot, 二、（二） requires the county title outright, 二、 drops "一般" from 不重复', () => {
    const rows = rowsOf('jiaozuo-2018');
    expect(row(rows, 'home.congressBallot')).toMatchObject({
      mark: 'changed',
      national: [{ id: 'procedure.consultMembers', citation: '总工办发〔2020〕15号 第十六条第一款' }],
      regional: { citation: '焦作市总工会评选表彰通知（2018年） 三、（三）' },
    });
    expect(row(rows, 'smallHome.countyTitle')).toMatchObject({ mark: 'stricter', national: [{ id: 'smallHome.fromProvincial' }] });
    expect(row(rows, 'noRepeat.friend')).toMatchObject({ mark: 'stricter', regional: { citation: '焦作市总工会评选表彰通知（2018年） 二、' } });
    expect(row(rows, 'redFlag.titled')?.national.map((n) => n.id)).toEqual(['redFlagHome.titled', 'exemplarWorker.titled']);
    expect(row(rows, 'worker.chairEvaluation')).toMatchObject({ mark: 'notProvided', note: null });
    expect(markCounts(rows)).toEqual({ same: 5, stricter: 8, looser: 1, changed: 9, added: 14, notProvided: 40 });
  });
});

describe('the same rules are the national ones, read at the regional level', () => {
  it('guangxi-2021 home.fromCity is 一般从市级称号中产生 (advisory), jiaozuo-2018 home.countyTitle from the county level', () => {
    const fromCity = rulesets['guangxi-2021'].conditions.find((c) => c.id === 'home.fromCity');
    const countyTitle = rulesets['jiaozuo-2018'].conditions.find((c) => c.id === 'home.countyTitle');
    expect(fromCity).toMatchObject({ kind: 'titleHeld', severity: 'advisory', heldTitles: ['modelHome'], minLevel: 'city' });
    expect(countyTitle).toMatchObject({ kind: 'titleHeld', severity: 'advisory', heldTitles: ['modelHome'], minLevel: 'county' });
  });

  it('beijing-2021 bars a repeat 北京市 title and revokes only its own titles', () => {
    const beijing = rulesets['beijing-2021'];
    expect(beijing.conditions.find((c) => c.id === 'noRepeat.modelHome')).toMatchObject({ kind: 'titleNotHeld', levels: ['provincial'], severity: 'advisory' });
    expect(beijing.revocation.grounds.find((g) => g.id === 'revoke.person.fraud')?.titles).toEqual(['outstandingWorker']);
  });
});

describe('a regional ruleset that does not mark every rule', () => {
  it('does not load', () => {
    const guangxi = rulesets['guangxi-2021'] as Ruleset;
    const follows = guangxi.follows ?? { rulesetId: 'acftu-2020', marks: [] };
    const input = { ...guangxi, follows: { ...follows, marks: follows.marks.filter((m) => m.id !== 'home.politics') } } as RulesetInput;
    expect(() => parseRuleset(input)).toThrow('condition home.politics has no mark against acftu-2020');
    const twice = { ...guangxi, follows: { ...follows, marks: [...follows.marks, { part: 'condition', id: 'home.nothing', mark: 'same' }] } } as RulesetInput;
    expect(() => parseRuleset(twice)).toThrow('mark of condition home.nothing, which the ruleset does not have');
  });
});
