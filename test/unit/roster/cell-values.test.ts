import { checkDay, checkEmployeeNo, checkGender, checkName, checkYesNo, isMaskedValue } from '../../../shared/roster/cell-values';
import { checkMobile } from '../../../shared/roster/phone';

const today = '2026-11-22';

describe('mobile numbers', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['138 1234 5678', '13812345678'],
    ['138-1234-5678', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['008613812345678', '13812345678'],
    ['8613812345678', '13812345678'],
    ['（138）12345678', '13812345678'],
    ['１３８１２３４５６７８', '13812345678'],
    ['19912345678', '19912345678'],
  ])('accepts %s as %s', (raw, value) => {
    expect(checkMobile(raw)).toEqual({ ok: true, value });
  });

  it.each(['1381234567', '138123456789', '12812345678', '0391-1234567', '138abcd5678', ''])('refuses %s', (raw) => {
    expect(checkMobile(raw)).toEqual({ ok: false, reason: '格式不正确：应为 11 位手机号码' });
  });
});

describe('dates', () => {
  it.each([
    ['2020-03-01', '2020-03-01'],
    ['2020/3/1', '2020-03-01'],
    ['2020.3.1', '2020-03-01'],
    ['2020年3月1日', '2020-03-01'],
    ['20200301', '2020-03-01'],
    ['2020-03-01 08:30:00', '2020-03-01'],
    ['2020-03-01T00:00:00.000Z', '2020-03-01'],
    ['43891', '2020-03-01'],
    ['2024-02-29', '2024-02-29'],
    [today, today],
  ])('reads %s as %s', (raw, value) => {
    expect(checkDay(raw, today)).toEqual({ ok: true, value });
  });

  it.each([
    ['2021-02-29', '格式不正确：应为 2020-03-01 这样的日期'],
    ['2020-13-01', '格式不正确：应为 2020-03-01 这样的日期'],
    ['3/1/2020', '格式不正确：应为 2020-03-01 这样的日期'],
    ['去年', '格式不正确：应为 2020-03-01 这样的日期'],
    ['2026-11-23', '不能晚于今天'],
    ['1899-12-31', '不能早于 1900 年'],
  ])('refuses %s: %s', (raw, reason) => {
    expect(checkDay(raw, today)).toEqual({ ok: false, reason });
  });
});

describe('other cells', () => {
  it('reads 是/否 with an empty cell as 否, and refuses anything else', () => {
    expect(['是', 'Y', 'yes', '1', '√', '否', 'N', '0', '', ' '].map((v) => checkYesNo(v))).toEqual([true, true, true, true, true, false, false, false, false, false].map((value) => ({ ok: true, value })));
    expect(checkYesNo('也许')).toEqual({ ok: false, reason: '应填“是”或“否”' });
  });

  it('reads 男/女, with an empty cell saying nothing', () => {
    expect([checkGender('男'), checkGender(' 女 '), checkGender('F'), checkGender('')]).toEqual([
      { ok: true, value: 'male' },
      { ok: true, value: 'female' },
      { ok: true, value: 'female' },
      { ok: true, value: undefined },
    ]);
    expect(checkGender('未知')).toEqual({ ok: false, reason: '应填“男”或“女”' });
  });

  it('trims names, keeps 「·」, and refuses empty or overlong ones', () => {
    expect(checkName('  阿依古丽·买买提 ')).toEqual({ ok: true, value: '阿依古丽·买买提' });
    expect(checkName('　')).toEqual({ ok: false, reason: '不能为空' });
    expect(checkName('王'.repeat(51))).toEqual({ ok: false, reason: '过长：最多 50 个字' });
  });

  it('upper-cases 工号, drops the .0 a number cell adds, and refuses other characters', () => {
    expect(checkEmployeeNo(' yt-0001 ')).toEqual({ ok: true, value: 'YT-0001' });
    expect(checkEmployeeNo('1024.0')).toEqual({ ok: true, value: '1024' });
    expect(checkEmployeeNo('')).toEqual({ ok: true, value: undefined });
    expect(checkEmployeeNo('工号1')).toEqual({ ok: false, reason: '只能包含字母、数字和 - _ / .' });
  });

  it('recognises numbers shown masked', () => {
    expect([isMaskedValue('138****5678'), isMaskedValue('4108**********1234'), isMaskedValue('13812345678')]).toEqual([true, true, false]);
  });
});
