import { rulesets, type RulesetId } from '@config/rulesets';
import { citationText, type Facts, type TitleCode } from '@shared/rules';
import { stepsBeforeSubmission, type ProcedureStep } from '@shared/rules/procedure-steps';
import { nomineeKindOf } from './helpers';

/**
 * The steps a union must have taken before it submits (申报前的程序): consulting the members, and the departments the
 * text names for some nominees. Each step cites the paragraph that asks for it — 总工办发〔2020〕15号 第十六条第一款 for
 * the members (collectives and individuals alike), 第二款 for the 纪检监察 opinion on a 党员领导干部 or 公职人员.
 */

const consulted = '召开会员代表大会征求意见，无异议。';

function steps(id: RulesetId, title: TitleCode, nominee: Facts['nominee'] = {}, extra: Partial<Facts> & { consultation?: string } = {}): ProcedureStep[] {
  const { consultation = '', ...facts } = extra;
  return stepsBeforeSubmission(rulesets[id], title, { nominee: { kind: nomineeKindOf(title), ...nominee }, ...facts }, consultation);
}
const step = (all: ProcedureStep[], id: string) => all.find((s) => s.id === id);
const cited = (s: ProcedureStep | undefined) => (s ? citationText(s.citation) : undefined);

describe('总工办发〔2020〕15号 第十六条第一款: the members are consulted before any nomination', () => {
  it.each(rulesets['acftu-2020'].titles.map((t) => t.title))('%s: the member consultation is a step citing 第十六条第一款', (title) => {
    const consultation = step(steps('acftu-2020', title), 'consultation');
    expect(consultation).toMatchObject({ passed: false });
    expect(cited(consultation)).toBe('总工办发〔2020〕15号 第十六条第一款');
  });

  it('binds an individual as it binds a collective: a person without a recorded consultation is held', () => {
    expect(step(steps('acftu-2020', 'outstandingWorker'), 'consultation')?.passed).toBe(false);
    expect(step(steps('acftu-2020', 'outstandingWorker', {}, { consultation: consulted }), 'consultation')?.passed).toBe(true);
  });

  it('a record of four characters is not a consultation; five are', () => {
    expect(step(steps('acftu-2020', 'modelHome', {}, { consultation: '已征求。' }), 'consultation')?.passed).toBe(false);
    expect(step(steps('acftu-2020', 'modelHome', {}, { consultation: '已征求意见' }), 'consultation')?.passed).toBe(true);
    expect(step(steps('acftu-2020', 'modelHome', {}, { consultation: '   已征求。   ' }), 'consultation')?.passed).toBe(false);
  });

  it('never cites 第十六条第二款 (the 纪检监察 check) for the member consultation', () => {
    for (const t of rulesets['acftu-2020'].titles) {
      expect(cited(step(steps('acftu-2020', t.title), 'consultation'))).not.toContain('第二款');
    }
  });
});

describe('总工办发〔2020〕15号 第十六条第二款: a 党员领导干部 or 公职人员 needs the 纪检监察 and 组织人事 opinion', () => {
  const discipline = 'procedure.consultDiscipline';

  it('is a step for such a person, citing 第二款, until the union confirms it has asked', () => {
    const due = step(steps('acftu-2020', 'outstandingWorker', { isPartyLeaderOrOfficial: true }), discipline);
    expect(due).toMatchObject({ passed: false, attestable: true });
    expect(cited(due)).toBe('总工办发〔2020〕15号 第十六条第二款');
    expect(due?.explanation).toContain('纪检监察');

    const done = step(steps('acftu-2020', 'outstandingWorker', { isPartyLeaderOrOfficial: true }, { attestations: { [discipline]: true } }), discipline);
    expect(done).toMatchObject({ passed: true, attestable: true });
  });

  it('is no step for a person who is neither', () => {
    expect(step(steps('acftu-2020', 'outstandingWorker', { isPartyLeaderOrOfficial: false }), discipline)).toBeUndefined();
  });

  it('holds a person of whom the union has not said whether they are one, naming what to answer', () => {
    const unknown = step(steps('acftu-2020', 'friend'), discipline);
    expect(unknown).toMatchObject({ passed: false, attestable: false });
    expect(unknown?.explanation).toContain('是否党员领导干部或公职人员');
  });

  it('is no step for a collective', () => {
    expect(step(steps('acftu-2020', 'modelHome'), discipline)).toBeUndefined();
  });
});

describe('the regional rulesets get the same steps where their text asks for them', () => {
  it('桂工发〔2021〕8号 七、（三）: members (第一款) for every title, 纪检监察 (第二款) for persons', () => {
    for (const t of rulesets['guangxi-2021'].titles) expect(cited(step(steps('guangxi-2021', t.title), 'consultation'))).toBe('桂工发〔2021〕8号 七、（三）第一款');
    const due = step(steps('guangxi-2021', 'activist', { isPartyLeaderOrOfficial: true }), 'procedure.consultDiscipline');
    expect(cited(due)).toBe('桂工发〔2021〕8号 七、（三）第二款');
    expect(step(steps('guangxi-2021', 'modelSmallHome'), 'procedure.consultDiscipline')).toBeUndefined();
  });

  it('京工发〔2021〕19号 第十三条: members for every title; 组织人事、纪检监察 for organs and institutions; regulators for enterprises', () => {
    for (const t of rulesets['beijing-2021'].titles) expect(cited(step(steps('beijing-2021', t.title), 'consultation'))).toBe('京工发〔2021〕19号 第十三条');
    const organ = steps('beijing-2021', 'modelHome', { orgKind: 'institution', isOrganOrInstitution: true });
    expect(step(organ, 'procedure.consultPersonnel')).toMatchObject({ passed: false, attestable: true });
    expect(step(organ, 'procedure.consultRegulators')).toBeUndefined();
    const enterprise = steps('beijing-2021', 'modelHome', { orgKind: 'enterprise', isOrganOrInstitution: false }, { attestations: { 'procedure.consultRegulators': true } });
    expect(step(enterprise, 'procedure.consultRegulators')).toMatchObject({ passed: true });
    expect(cited(step(enterprise, 'procedure.consultRegulators'))).toBe('京工发〔2021〕19号 第十三条');
    expect(step(enterprise, 'procedure.consultPersonnel')).toBeUndefined();
  });

  it('秦皇岛 第十五条: members before every nomination, and no 纪检监察 step (the text asks for none)', () => {
    for (const t of rulesets['qinhuangdao-2023'].titles) {
      const all = steps('qinhuangdao-2023', t.title, { isPartyLeaderOrOfficial: true });
      expect(cited(step(all, 'consultation'))).toBe('秦皇岛市选树管理实施办法（2023年） 第十五条');
      expect(all.map((s) => s.id)).toEqual(['consultation']);
    }
  });

  it('焦作 三、（三）: the congress ballot for 模范职工之家, and no other consultation step', () => {
    const home = steps('jiaozuo-2018', 'modelHome');
    expect(home.map((s) => s.id)).toEqual(['congressBallot']);
    expect(cited(step(home, 'congressBallot'))).toBe('焦作市总工会评选表彰通知（2018年） 三、（三）');
    expect(step(steps('jiaozuo-2018', 'modelHome', {}, { congressYesShare: 0.9 }), 'congressBallot')?.passed).toBe(true);
    expect(steps('jiaozuo-2018', 'outstandingWorker', { isPartyLeaderOrOfficial: true })).toEqual([]);
  });
});

describe('a sealed 会员评家 stands for the members\' opinion of a collective only', () => {
  it('passes the consultation of a union whose members rated it, never of a person', () => {
    const rated = { memberAppraisalSatisfaction: { 2024: 0.95 } };
    expect(step(steps('acftu-2020', 'modelHome', {}, rated), 'consultation')?.passed).toBe(true);
    expect(step(steps('acftu-2020', 'outstandingWorker', {}, rated), 'consultation')?.passed).toBe(false);
  });
});
