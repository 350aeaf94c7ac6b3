import { checkIdNumber, idNumberCheckCharacter } from '../../../shared/roster/id-number';

const today = '2026-11-22';

describe('resident ID numbers (GB 11643-1999, check character ISO 7064 MOD 11-2)', () => {
  it('computes the check character of the standard’s own example, 11010519491231002X', () => {
    expect(idNumberCheckCharacter('11010519491231002')).toBe('X');
  });

  it.each([
    ['11010519491231002X', '11010519491231002X'],
    ['11010519491231002x', '11010519491231002X'],
    [' 1101 0519 4912 3100 2X ', '11010519491231002X'],
    ['１１０１０５１９４９１２３１００２Ｘ', '11010519491231002X'],
    ['440524198001010013', '440524198001010013'],
  ])('accepts %s as %s', (raw, value) => {
    expect(checkIdNumber(raw, today)).toEqual({ ok: true, value });
  });

  it.each([
    ['110105194912310021', '格式不正确：校验位不符，请核对号码'],
    ['11010519491231002', '格式不正确：应为 18 位居民身份证号'],
    ['110105491231002', '格式不正确：请填写 18 位居民身份证号（不再使用 15 位旧号码）'],
    ['1101051949123100AX', '格式不正确：前 17 位应为数字，最后一位为数字或 X'],
    ['11010519490231002X', '格式不正确：出生日期不正确'],
    ['11010530001231002X', '格式不正确：出生日期不正确'],
    ['01010519491231002X', '格式不正确：地址码不正确'],
    ['4.10802198501E+17', '格式不正确：表格把身份证号当作数字保存，末几位已丢失，请把该列设为“文本”后重新填写'],
  ])('refuses %s: %s', (raw, reason) => {
    expect(checkIdNumber(raw, today)).toEqual({ ok: false, reason });
  });

  it('refuses a birth date after today', () => {
    const first17 = '41080220270101001';
    expect(checkIdNumber(`${first17}${idNumberCheckCharacter(first17)}`, today)).toEqual({ ok: false, reason: '格式不正确：出生日期不正确' });
  });
});
