import { accept, refuse, withoutSpaces, type Checked } from './text';

/**
 * A mainland mobile number, 11 digits starting 13–19; the forms people write it in (+86, 0086, spaces, dashes,
 * brackets) are accepted and normalised away. Landlines are refused: the roster needs a number that can receive
 * messages, and online joining checks its last four digits.
 */
export function checkMobile(raw: string): Checked<string> {
  const digits = withoutSpaces(raw).replace(/[-()（）]/g, '');
  const national = digits.replace(/^(\+86|0086|86)(?=1\d{10}$)/, '');
  if (!/^1[3-9]\d{9}$/.test(national)) return refuse('格式不正确：应为 11 位手机号码');
  return accept(national);
}
