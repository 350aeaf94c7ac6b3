import { isCalendarDay } from '../calendar/shanghai-date';
import { accept, refuse, withoutSpaces, type Checked } from './text';

// GB 11643-1999 公民身份号码: 6-digit address code, 8-digit birth date, 3-digit sequence (odd = male), and a
// check character computed with ISO 7064 MOD 11-2 over the first 17 digits.
const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkCharacters = '10X98765432';

/** The check character (0–9 or X) of the first 17 digits. */
export function idNumberCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * (weights[i] ?? 0);
  return checkCharacters[sum % 11] ?? '';
}

/**
 * Checks and normalises an 18-character resident ID number (upper-case X, no spaces). `today` (YYYY-MM-DD)
 * bounds the birth date. Excel turns long digit strings into numbers and loses the last digits; such a value
 * gets a reason that says so.
 */
export function checkIdNumber(raw: string, today: string): Checked<string> {
  const value = withoutSpaces(raw).toUpperCase();
  if (/^\d(\.\d+)?E\+\d+$/.test(value) || /^\d{15,18}\.0+$/.test(value)) {
    return refuse('格式不正确：表格把身份证号当作数字保存，末几位已丢失，请把该列设为“文本”后重新填写');
  }
  if (/^\d{15}$/.test(value)) return refuse('格式不正确：请填写 18 位居民身份证号（不再使用 15 位旧号码）');
  if (value.length !== 18) return refuse('格式不正确：应为 18 位居民身份证号');
  if (!/^\d{17}[\dX]$/.test(value)) return refuse('格式不正确：前 17 位应为数字，最后一位为数字或 X');
  if (!/^[1-9]/.test(value)) return refuse('格式不正确：地址码不正确');
  const birth = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (!isCalendarDay(birth) || birth < '1900-01-01' || birth > today) return refuse('格式不正确：出生日期不正确');
  if (idNumberCheckCharacter(value.slice(0, 17)) !== value[17]) return refuse('格式不正确：校验位不符，请核对号码');
  return accept(value);
}
