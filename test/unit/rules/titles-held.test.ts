import { rulesetIds, rulesets, type RulesetId } from '@config/rulesets';
import { citationText, type HeldTitle, type Severity, type TitleCode } from '@shared/rules';
import { resultFor } from './helpers';

/**
 * Prerequisite titles and no-repeat exclusions, written down from the seeds: for each, a held title that
 * passes, one that fails, and the severity the wording implies (一般 / 原则上 → advisory).
 */

interface Case {
  ruleset: RulesetId;
  article: string;
  title: TitleCode;
  conditionId: string;
  severity: Severity;
  passes: HeldTitle[];
  fails: HeldTitle[];
}

const t = (title: TitleCode, level: HeldTitle['level'], year = 2019): HeldTitle => ({ title, level, year });

const prerequisites: Case[] = [
  { ruleset: 'acftu-2020', article: '第六条', title: 'modelHome', conditionId: 'home.fromProvincial', severity: 'advisory', passes: [t('modelHome', 'provincial')], fails: [t('modelHome', 'city')] },
  { ruleset: 'acftu-2020', article: '第七条', title: 'modelSmallHome', conditionId: 'smallHome.fromProvincial', severity: 'advisory', passes: [t('modelSmallHome', 'provincial')], fails: [t('modelSmallHome', 'city')] },
  { ruleset: 'acftu-2020', article: '第八条', title: 'outstandingWorker', conditionId: 'worker.fromProvincial', severity: 'advisory', passes: [t('outstandingWorker', 'provincial')], fails: [t('outstandingWorker', 'city')] },
  { ruleset: 'acftu-2020', article: '第九条', title: 'redFlagHome', conditionId: 'redFlagHome.titled', severity: 'hard', passes: [t('modelHome', 'national')], fails: [t('modelHome', 'provincial')] },
  { ruleset: 'acftu-2020', article: '第九条', title: 'exemplarWorker', conditionId: 'exemplarWorker.titled', severity: 'hard', passes: [t('outstandingWorker', 'national')], fails: [t('outstandingWorker', 'provincial')] },
  { ruleset: 'guangxi-2021', article: '六、（一）', title: 'modelHome', conditionId: 'home.fromCity', severity: 'advisory', passes: [t('modelHome', 'city')], fails: [t('modelHome', 'county')] },
  { ruleset: 'guangxi-2021', article: '六、（二）', title: 'modelSmallHome', conditionId: 'smallHome.fromCity', severity: 'advisory', passes: [t('modelSmallHome', 'city')], fails: [t('modelSmallHome', 'county')] },
  { ruleset: 'guangxi-2021', article: '六、（三）', title: 'outstandingWorker', conditionId: 'worker.fromCity', severity: 'advisory', passes: [t('outstandingWorker', 'city')], fails: [t('outstandingWorker', 'county')] },
  { ruleset: 'jiaozuo-2018', article: '二、（一）', title: 'modelHome', conditionId: 'home.countyTitle', severity: 'advisory', passes: [t('modelHome', 'county')], fails: [t('modelSmallHome', 'county')] },
  { ruleset: 'jiaozuo-2018', article: '二、（二）', title: 'modelSmallHome', conditionId: 'smallHome.countyTitle', severity: 'hard', passes: [t('modelSmallHome', 'county')], fails: [t('modelHome', 'county')] },
  ...(['redFlagHome', 'redFlagSmallHome', 'exemplarWorker', 'exemplarFriend'] as TitleCode[]).map((title) => ({
    ruleset: 'jiaozuo-2018' as const,
    article: '一、（二）',
    title,
    conditionId: 'redFlag.titled',
    severity: 'hard' as const,
    passes: [t('modelHome', 'city'), t('modelSmallHome', 'provincial'), t('outstandingWorker', 'national')],
    fails: [t('modelHome', 'county'), t('friend', 'city')],
  })),
];

function noRepeatCases(ruleset: RulesetId, article: string, titles: TitleCode[], barred: HeldTitle['level'][], allowed: HeldTitle['level'], severity: Severity, prefix = 'noRepeat'): Case[] {
  return titles.map((title) => ({
    ruleset,
    article,
    title,
    conditionId: `${prefix}.${title}`,
    severity,
    passes: [t(title, allowed)],
    fails: barred.map((level) => t(title, level)),
  }));
}

const exclusions: Case[] = [
  ...noRepeatCases('acftu-2020', '第五条第六款', ['modelHome', 'modelSmallHome', 'outstandingWorker', 'activist', 'friend'], ['national'], 'provincial', 'advisory'),
  ...noRepeatCases('beijing-2021', '第五条第五款', ['modelHome', 'modelSmallHome', 'outstandingWorker'], ['provincial'], 'city', 'advisory'),
  ...noRepeatCases('qinhuangdao-2023', '第四条第五款', ['modelHome', 'modelSmallHome', 'outstandingWorker'], ['city'], 'county', 'advisory'),
  ...noRepeatCases('qinhuangdao-2023', '第四条第五款', ['modelHome', 'modelSmallHome', 'outstandingWorker'], ['provincial', 'national'], 'city', 'hard', 'higherTitleHeld'),
  ...noRepeatCases('jiaozuo-2018', '二、', ['modelHome', 'modelSmallHome', 'outstandingWorker', 'activist', 'friend'], ['city'], 'county', 'hard'),
];

describe.each([...prerequisites, ...exclusions])('$ruleset $article $conditionId ($title)', (c) => {
  const doc = rulesets[c.ruleset].citationDoc;
  it(`${doc} ${c.article}: ${c.severity}; passes with ${c.passes.map((h) => `${h.level} ${h.title}`).join(', ')}; fails with ${c.fails.map((h) => `${h.level} ${h.title}`).join(', ')}`, () => {
    for (const held of c.passes) {
      const result = resultFor(c.ruleset, c.title, c.conditionId, { nominee: {}, titlesHeld: [held] });
      expect(result.status).toBe('pass');
      expect(citationText(result.citation)).toBe(`${doc} ${c.article}`);
    }
    for (const held of c.fails) {
      expect(resultFor(c.ruleset, c.title, c.conditionId, { nominee: {}, titlesHeld: [held] })).toMatchObject({ status: 'fail', severity: c.severity });
    }
  });
});

it('every title prerequisite and exclusion in the rulesets has a case above', () => {
  const tested = new Set([...prerequisites, ...exclusions].map((c) => `${c.ruleset}/${c.conditionId}`));
  const encoded = rulesetIds.flatMap((id) =>
    rulesets[id].conditions.filter((c) => c.kind === 'titleHeld' || c.kind === 'titleNotHeld').map((c) => `${id}/${c.id}`),
  );
  expect(encoded.filter((key) => !tested.has(key))).toEqual([]);
});
