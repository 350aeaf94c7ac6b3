import { rulesets } from '@config/rulesets';
import type { PublicityLevel } from '@shared/rules';
import { systemDefaultWorkingDays, windowLength, windowLengthText } from '@shared/publicity/window-length';

/**
 * How long a publicity window lasts: the regulation's working days where it sets them (不少于 / 为期), else the
 * system's default of five — labelled 「本系统默认」, changeable by the publisher, and never cited as the text's.
 */

const rule = (id: keyof typeof rulesets, level: PublicityLevel) => {
  const found = rulesets[id].publicity.find((p) => p.level === level);
  if (!found) throw new Error(`${id} has no ${level} window`);
  return found;
};

describe('焦作 四、（一）: the notice sets no length', () => {
  const final = rule('jiaozuo-2018', 'final');

  it('opens for the system default of 5 working days, marked as the system\'s', () => {
    expect(systemDefaultWorkingDays).toBe(5);
    expect(windowLength(final)).toEqual({ ok: true, workingDays: 5, source: 'systemDefault' });
    expect(windowLengthText(5, 'systemDefault')).toContain('本系统默认');
  });

  it('lets the publisher choose 7 — or 3: the notice refuses neither', () => {
    expect(windowLength(final, 7)).toEqual({ ok: true, workingDays: 7, source: 'publisher' });
    expect(windowLength(final, 3)).toEqual({ ok: true, workingDays: 3, source: 'publisher' });
    expect(windowLengthText(7, 'publisher')).toContain('发布单位确定');
    expect(windowLengthText(7, 'publisher')).not.toContain('本系统默认');
  });
});

describe('where the text sets the length, it decides and is cited', () => {
  it('总工办发〔2020〕15号 第十六条第一款: 不少于五个工作日 — 4 refused, 5 and 6 accepted', () => {
    const unit = rule('acftu-2020', 'unit');
    const short = windowLength(unit, 4);
    expect(short.ok).toBe(false);
    if (!short.ok) expect(short.message).toBe('公示期（workingDays）不少于 5 个工作日（总工办发〔2020〕15号 第十六条第一款）');
    expect(windowLength(unit)).toEqual({ ok: true, workingDays: 5, source: 'ruleset' });
    expect(windowLength(unit, 6)).toEqual({ ok: true, workingDays: 6, source: 'ruleset' });
    expect(windowLengthText(6, 'ruleset')).toBe('6 个工作日');
  });

  it('京工发〔2021〕19号 第十六条: 为期 5 个工作日 — neither 4 nor 6', () => {
    const final = rule('beijing-2021', 'final');
    for (const days of [4, 6]) {
      const refused = windowLength(final, days);
      expect(refused.ok).toBe(false);
      if (!refused.ok) expect(refused.message).toBe('公示期（workingDays）应为 5 个工作日（京工发〔2021〕19号 第十六条）');
    }
    expect(windowLength(final, 5)).toEqual({ ok: true, workingDays: 5, source: 'ruleset' });
  });
});
