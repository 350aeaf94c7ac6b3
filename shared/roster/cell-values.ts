import { addCalendarDays, isCalendarDay } from '../calendar/shanghai-date';
import type { Gender } from '../rules/facts';
import { accept, normaliseText, refuse, withoutSpaces, type Checked } from './text';

const pad2 = (n: string): string => n.padStart(2, '0');

/** Day 1 of Excel's 1900 date system is 1900-01-01; its serials skip the fictitious 1900-02-29. */
function fromExcelSerial(serial: number): string {
  return addCalendarDays('1899-12-30', serial);
}

/**
 * A calendar date as people write it: 2020-03-01, 2020/3/1, 2020.3.1, 2020年3月1日, 20200301, a date-time whose
 * time is dropped, or an Excel date serial (a five-digit number). Not later than `today`, not before 1900.
 */
export function checkDay(raw: string, today: string): Checked<string> {
  const text = withoutSpaces(normaliseText(raw).replace(/(T|\s+)\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/, ''));
  let day: string | undefined;
  const separated = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (separated) day = `${separated[1]}-${pad2(separated[2] ?? '')}-${pad2(separated[3] ?? '')}`;
  else if (compact) day = `${compact[1]}-${compact[2]}-${compact[3]}`;
  else if (/^\d{5}(\.0+)?$/.test(text)) day = fromExcelSerial(Math.floor(Number(text)));
  if (!day || !isCalendarDay(day)) return refuse('格式不正确：应为 2020-03-01 这样的日期');
  if (day > today) return refuse('不能晚于今天');
  if (day < '1900-01-01') return refuse('不能早于 1900 年');
  return accept(day);
}

const yes = new Set(['是', 'Y', 'YES', 'TRUE', '1', '√', '✓', '✔']);
const no = new Set(['否', 'N', 'NO', 'FALSE', '0', '×', '✗', '']);

/** 是 / 否; an empty cell is 否. */
export function checkYesNo(raw: string): Checked<boolean> {
  const text = withoutSpaces(raw).toUpperCase();
  if (yes.has(text)) return accept(true);
  if (no.has(text)) return accept(false);
  return refuse('应填“是”或“否”');
}

/** 男 / 女; an empty cell says nothing. */
export function checkGender(raw: string): Checked<Gender | undefined> {
  const text = withoutSpaces(raw).toUpperCase();
  if (text === '') return accept(undefined);
  if (text === '男' || text === 'M' || text === 'MALE') return accept('male');
  if (text === '女' || text === 'F' || text === 'FEMALE') return accept('female');
  return refuse('应填“男”或“女”');
}

/** A member's name: 1–50 characters once spaces at the ends are gone; 「·」 in minority names is kept. */
export function checkName(raw: string): Checked<string> {
  const name = normaliseText(raw).replace(/\s+/g, ' ');
  if (name === '') return refuse('不能为空');
  if (name.length > 50) return refuse('过长：最多 50 个字');
  if (name.includes('#') || [...name].some((c) => c.charCodeAt(0) < 0x20)) return refuse('含有不允许的字符');
  return accept(name);
}

/** 工号 as the employer writes it: letters, digits, - _ / . , at most 32; letters in upper case. */
export function checkEmployeeNo(raw: string): Checked<string | undefined> {
  const value = withoutSpaces(raw);
  if (value === '') return accept(undefined);
  if (/^\d+\.0+$/.test(value)) return accept(value.replace(/\.0+$/, ''));
  if (value.length > 32) return refuse('过长：最多 32 个字符');
  if (!/^[A-Za-z0-9\-_/.]+$/.test(value)) return refuse('只能包含字母、数字和 - _ / .');
  // Upper case, so that yt0001 and YT0001 are one member.
  return accept(value.toUpperCase());
}

/** A value shown masked (138****5678) is what an export prints: re-imported, it means "keep what is stored". */
export const isMaskedValue = (raw: string): boolean => /\*{2,}/.test(normaliseText(raw));

export { normaliseText };
