import { rulesets } from '@config/rulesets';
import { campaignTotals, citationText, totalPeriods, totalsExceeded } from '@shared/rules';

/** 评选总数 over the whole campaign or year: what the organiser's decision may not pass (functions/campaign/award-totals.ts). */

const qhd = rulesets['qinhuangdao-2023'];
const jz = rulesets['jiaozuo-2018'];
const none = { year: {}, campaign: {} };

describe('秦皇岛市选树管理实施办法（2023年） 第十一条: 15 homes, 15 small homes, 10 workers a year', () => {
  it('counts over the year', () => {
    expect(totalPeriods(qhd)).toEqual(['year']);
  });

  it('the 15th home is within the figure, the 16th is not', () => {
    expect(totalsExceeded(qhd, { ...none, year: { modelHome: 14 } }, { modelHome: 1 })).toEqual([]);
    const over = totalsExceeded(qhd, { ...none, year: { modelHome: 15 } }, { modelHome: 1 });
    expect(over.map((e) => [e.title, e.limit, e.awarded, e.adding])).toEqual([['modelHome', 15, 15, 1]]);
    expect(over[0]?.message).toBe('模范职工之家每年 15 个（秦皇岛市选树管理实施办法（2023年） 第十一条），本年已授予 15 个，本次决定 1 个，合计 16 个');
  });

  it('one decision of 16 is refused as a whole; 10 workers pass and the 11th does not', () => {
    expect(totalsExceeded(qhd, none, { modelHome: 16 }).map((e) => e.message)).toEqual(['模范职工之家每年 15 个（秦皇岛市选树管理实施办法（2023年） 第十一条），本年已授予 0 个，本次决定 16 个，合计 16 个']);
    expect(totalsExceeded(qhd, none, { outstandingWorker: 10, modelSmallHome: 15 })).toEqual([]);
    expect(totalsExceeded(qhd, { ...none, year: { outstandingWorker: 10 } }, { outstandingWorker: 1 }).map((e) => e.message)).toEqual([
      '优秀工会工作者每年 10 名（秦皇岛市选树管理实施办法（2023年） 第十一条），本年已授予 10 名，本次决定 1 名，合计 11 名',
    ]);
  });

  it('what the campaign alone has awarded does not count against a yearly figure', () => {
    expect(totalsExceeded(qhd, { year: { modelHome: 3 }, campaign: { modelHome: 15 } }, { modelHome: 12 })).toEqual([]);
  });
});

describe('焦作市总工会评选表彰通知（2018年） 一、（一）（二）: numbers of the campaign', () => {
  it('counts over the campaign: 40/80/100/150/100 and 10/20/10/10', () => {
    expect(totalPeriods(jz)).toEqual(['campaign']);
    const at = { year: {}, campaign: { modelHome: 40, modelSmallHome: 80, outstandingWorker: 100, activist: 150, friend: 100, redFlagHome: 10, redFlagSmallHome: 20, exemplarWorker: 10, exemplarFriend: 10 } };
    expect(totalsExceeded(jz, { ...none, campaign: { modelHome: 39 } }, { modelHome: 1 })).toEqual([]);
    const over = totalsExceeded(jz, at, { modelHome: 1, redFlagHome: 1, exemplarFriend: 1 });
    expect(over.map((e) => [e.title, e.limit, citationText(e.citation)])).toEqual([
      ['modelHome', 40, '焦作市总工会评选表彰通知（2018年） 一、（一）'],
      ['redFlagHome', 10, '焦作市总工会评选表彰通知（2018年） 一、（二）'],
      ['exemplarFriend', 10, '焦作市总工会评选表彰通知（2018年） 一、（二）'],
    ]);
    expect(over[0]?.message).toBe('模范职工之家本次评选 40 个（焦作市总工会评选表彰通知（2018年） 一、（一）），已授予 40 个，本次决定 1 个，合计 41 个');
  });
});

describe('the running totals of the list board', () => {
  it('one line per title the campaign offers and a figure limits, awarded and waiting', () => {
    const totals = campaignTotals(qhd, ['modelHome', 'outstandingWorker'], { ...none, year: { modelHome: 12 } }, { modelHome: 5 });
    expect(totals.map((t) => [t.title, t.limit, t.awarded, t.recommended])).toEqual([
      ['modelHome', 15, 12, 5],
      ['outstandingWorker', 10, 0, 0],
    ]);
  });

  it('none where the ruleset sets no fixed numbers (they are set by each campaign notice)', () => {
    for (const id of ['acftu-2020', 'beijing-2021', 'guangxi-2021'] as const) {
      expect(totalPeriods(rulesets[id])).toEqual([]);
      expect(campaignTotals(rulesets[id], ['modelHome'], none, { modelHome: 99 })).toEqual([]);
      expect(totalsExceeded(rulesets[id], none, { modelHome: 999 })).toEqual([]);
    }
  });
});
