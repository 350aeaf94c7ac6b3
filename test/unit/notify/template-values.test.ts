import fc from 'fast-check';
import { codePointLength, fitTemplateValue, templateValueLimits } from '../../../shared/notify/template-values';

const chars = (n: number, c = '职') => c.repeat(n);

describe('fitTemplateValue: thing (≤ 20 characters)', () => {
  it('keeps a value of exactly 20 characters as it is', () => {
    const value = chars(20);
    expect(fitTemplateValue('thing', value)).toBe(value);
  });

  it('cuts a value of 21 characters to 19 and an ellipsis, 20 in all', () => {
    const fitted = fitTemplateValue('thing', chars(21));
    expect(fitted).toBe(`${chars(19)}…`);
    expect(codePointLength(fitted)).toBe(20);
  });

  it('cuts a value of 40 characters to 20', () => {
    const fitted = fitTemplateValue('thing', '关于2026年度焦作市模范职工之家评选结果公示期间收到的实名反映事项的处理意见书');
    expect(codePointLength(fitted)).toBe(20);
    expect(fitted.endsWith('…')).toBe(true);
  });

  it('counts an emoji (an astral character, two UTF-16 units) as one character', () => {
    const value = '🎉'.repeat(20);
    expect(value.length).toBe(40);
    expect(fitTemplateValue('thing', value)).toBe(value);
    const fitted = fitTemplateValue('thing', '🎉'.repeat(21));
    expect(fitted).toBe(`${'🎉'.repeat(19)}…`);
    expect(codePointLength(fitted)).toBe(20);
  });

  it('never splits an astral character into a lone surrogate', () => {
    const fitted = fitTemplateValue('thing', `${chars(18)}𠮷𠮷𠮷`);
    expect(fitted).toBe(`${chars(18)}𠮷…`);
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(fitted)).toBe(false);
  });

  it('does not leave a dangling zero-width joiner where the cut falls inside an emoji sequence', () => {
    const family = '👨\u200D👩\u200D👧'; // 5 code points; the cut after 19 falls right after the first joiner
    expect(fitTemplateValue('thing', `${chars(17)}${family}`)).toBe(`${chars(17)}👨…`);
  });

  it('puts the value on one line and does not end the cut on a space', () => {
    expect(fitTemplateValue('thing', '  第一行\n第二行\t ')).toBe('第一行 第二行');
    expect(fitTemplateValue('thing', `${chars(18)} 后面还有很多字`)).toBe(`${chars(18)}…`);
  });

  it('writes a number as text', () => {
    expect(fitTemplateValue('thing', 12)).toBe('12');
  });

  it('always gives at most 20 characters, the start of the value (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (value) => {
        const fitted = fitTemplateValue('thing', value);
        expect(codePointLength(fitted)).toBeLessThanOrEqual(20);
        const oneLine = value.replace(/\s+/g, ' ').trim();
        expect(oneLine.startsWith(fitted.endsWith('…') && fitted !== oneLine ? fitted.slice(0, -1) : fitted)).toBe(true);
      }),
    );
  });
});

describe('fitTemplateValue: the other limited types', () => {
  it.each([
    ['name', 10],
    ['character_string', 32],
    ['number', 32],
    ['letter', 32],
    ['phone_number', 17],
  ] as const)('%s keeps exactly %i characters and cuts one more without an ellipsis', (type, limit) => {
    const c = type === 'name' ? '张' : type === 'letter' ? 'a' : '1';
    expect(templateValueLimits[type]).toBe(limit);
    expect(fitTemplateValue(type, c.repeat(limit))).toBe(c.repeat(limit));
    expect(fitTemplateValue(type, c.repeat(limit + 1))).toBe(c.repeat(limit));
  });

  it('phrase keeps 5 Chinese characters and drops anything else', () => {
    expect(fitTemplateValue('phrase', '已通过')).toBe('已通过');
    expect(fitTemplateValue('phrase', '审核已经通过了')).toBe('审核已经通');
    expect(fitTemplateValue('phrase', '已通过 ✅')).toBe('已通过');
    expect(fitTemplateValue('phrase', 'OK审核通过')).toBe('审核通过');
  });

  it('is idempotent: fitting a fitted value changes nothing (property)', () => {
    const types = ['thing', 'name', 'phrase', 'character_string', 'number', 'letter', 'phone_number'] as const;
    fc.assert(
      fc.property(fc.constantFrom(...types), fc.string({ unit: 'grapheme', maxLength: 60 }), (type, value) => {
        const once = fitTemplateValue(type, value);
        expect(fitTemplateValue(type, once)).toBe(once);
      }),
    );
    const time = fitTemplateValue('time', new Date('2026-10-08T01:05:00Z'));
    expect(fitTemplateValue('time', time)).toBe(time);
  });

  it('writes a number type from a JavaScript number', () => {
    expect(fitTemplateValue('number', 3)).toBe('3');
    expect(() => fitTemplateValue('number', Number.NaN)).toThrow(RangeError);
  });
});

describe('fitTemplateValue: time and date (Asia/Shanghai, in WeChat’s format)', () => {
  const instant = new Date('2026-10-08T01:05:00Z'); // 09:05 in Shanghai

  it('formats an instant as YYYY年M月D日 HH:mm in Shanghai time', () => {
    expect(fitTemplateValue('time', instant)).toBe('2026年10月8日 09:05');
    expect(fitTemplateValue('time', instant.getTime())).toBe('2026年10月8日 09:05');
  });

  it('crosses the date line the Shanghai way (UTC evening is the next morning)', () => {
    expect(fitTemplateValue('time', '2026-12-31T16:30:00.000Z')).toBe('2027年1月1日 00:30');
    expect(fitTemplateValue('date', '2026-12-31T16:30:00.000Z')).toBe('2027年1月1日');
  });

  it('reads ISO strings with an offset as instants, and without one as Shanghai wall-clock time', () => {
    expect(fitTemplateValue('time', '2026-10-08T09:05:00+08:00')).toBe('2026年10月8日 09:05');
    expect(fitTemplateValue('time', '2026-10-08 09:05')).toBe('2026年10月8日 09:05');
  });

  it('passes through a value already in one of WeChat’s time formats', () => {
    for (const value of ['15:01', '2019年10月1日 15:01', '2019年10月1日 08:00~2019年10月7日 17:30']) {
      expect(fitTemplateValue('time', value)).toBe(value);
    }
  });

  it('formats a date as YYYY年M月D日, from an instant or a YYYY-MM-DD day', () => {
    expect(fitTemplateValue('date', instant)).toBe('2026年10月8日');
    expect(fitTemplateValue('date', '2026-10-08')).toBe('2026年10月8日');
    expect(fitTemplateValue('date', '2019年10月1日')).toBe('2019年10月1日');
    expect(fitTemplateValue('date', '2019年10月1日~2019年10月7日')).toBe('2019年10月1日~2019年10月7日');
  });

  it('throws on something that is no time at all (the caller’s mistake, not a limit)', () => {
    expect(() => fitTemplateValue('time', '下周一')).toThrow(RangeError);
    expect(() => fitTemplateValue('time', '2026-10-08')).toThrow(RangeError);
    expect(() => fitTemplateValue('date', '2026-02-30')).toThrow(RangeError);
    expect(() => fitTemplateValue('time', new Date(Number.NaN))).toThrow(RangeError);
  });
});
