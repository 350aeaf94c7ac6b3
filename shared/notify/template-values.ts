// Values of WeChat subscribe-message keywords, fitted to WeChat's limits before sending: a value that breaks its
// keyword's rule makes WeChat refuse the whole message (errcode 47003). Pure, so the mini-program can preview it.
// WeChat counts characters, so we count Unicode code points: an emoji is one character, not two UTF-16 units.
import { formatShanghaiDateTime, isCalendarDay, SHANGHAI_OFFSET_MS } from '../calendar/shanghai-date';

/** The keyword types of WeChat's subscribe-message templates that this product fills. */
export type TemplateFieldType = 'thing' | 'name' | 'phrase' | 'character_string' | 'number' | 'letter' | 'phone_number' | 'time' | 'date';

/** What a caller may put in a keyword: text, a number, or an instant (for `time` and `date`). */
export type TemplateValueInput = string | number | Date;

/** A WeChat template as the caller defines it: its id and the type of each keyword (`thing1: 'thing'`). */
export interface TemplateDefinition {
  templateId: string;
  fields: Record<string, TemplateFieldType>;
}

/** The most characters WeChat accepts per keyword type (`time` and `date` are held to a format instead). */
export const templateValueLimits: Record<Exclude<TemplateFieldType, 'time' | 'date'>, number> = {
  thing: 20,
  name: 10,
  phrase: 5,
  character_string: 32,
  number: 32,
  letter: 32,
  phone_number: 17,
};

const ELLIPSIS = '…';
const ZERO_WIDTH_JOINER = '\u200D';
// Explicit ranges rather than \p{Script=Han}: older mini-program runtimes lack Unicode property escapes.
const HAN = /[\u{3007}\u{3400}-\u{4DBF}\u{4E00}-\u{9FFF}\u{F900}-\u{FAFF}\u{20000}-\u{2FA1F}\u{30000}-\u{3134F}]/u;

const CLOCK = '(?:[01]?\\d|2[0-3]):[0-5]\\d';
const DAY = '\\d{4}年(?:0?[1-9]|1[0-2])月(?:0?[1-9]|[12]\\d|3[01])日';
// WeChat's formats: `time` is a 24-hour time, optionally after a date; `date` a date, optionally with a time;
// either may be a span of two such points joined by '~'.
const TIME_POINT = `(?:${DAY} )?${CLOCK}`;
const DATE_POINT = `${DAY}(?: ${CLOCK})?`;
const WECHAT_TIME = new RegExp(`^${TIME_POINT}(?:~${TIME_POINT})?$`);
const WECHAT_DATE = new RegExp(`^${DATE_POINT}(?:~${DATE_POINT})?$`);
// ISO 8601 as our APIs write instants and days: with an offset it is an instant; without, Shanghai wall-clock time.
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** The number of characters as WeChat counts them (Unicode code points). */
export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/**
 * `value` made acceptable for a keyword of `type`: text on one line and cut to the type's limit (`thing` ends
 * with '…', which counts as one of its 20 characters), `phrase` reduced to its Chinese characters, `time` as
 * `YYYY年M月D日 HH:mm` and `date` as `YYYY年M月D日` in Asia/Shanghai (a value already in WeChat's format is kept).
 * Throws a RangeError when a `time` or `date` value is no time at all: that is the caller's mistake, not a limit.
 */
export function fitTemplateValue(type: TemplateFieldType, value: TemplateValueInput): string {
  switch (type) {
    case 'time':
      return fitTime(value);
    case 'date':
      return fitDate(value);
    case 'thing':
      return cut(oneLine(textOf(value)), templateValueLimits.thing, ELLIPSIS);
    case 'phrase':
      return cut(Array.from(textOf(value)).filter((c) => HAN.test(c)).join(''), templateValueLimits.phrase);
    default:
      return cut(oneLine(textOf(value)), templateValueLimits[type]);
  }
}

function textOf(value: TemplateValueInput): string {
  if (value instanceof Date) return wechatDateTime(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`模板内容“${value}”不是有效的数字`);
    return String(value);
  }
  return value;
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

function cut(text: string, max: number, ellipsis = ''): string {
  const points = Array.from(text);
  if (points.length <= max) return text;
  const kept = points.slice(0, max - codePointLength(ellipsis));
  // Do not leave a dangling joiner or space where the cut falls inside an emoji sequence or between words.
  for (let last = kept[kept.length - 1]; last === ZERO_WIDTH_JOINER || (last !== undefined && /\s/.test(last)); last = kept[kept.length - 1]) kept.pop();
  return kept.join('') + ellipsis;
}

function fitTime(value: TemplateValueInput): string {
  if (typeof value === 'string') {
    const text = value.trim();
    if (WECHAT_TIME.test(text)) return text;
    const parsed = parseIso(text);
    if (parsed?.instant) return wechatDateTime(parsed.instant);
    throw new RangeError(`“${value}”不是可用于订阅消息的时间`);
  }
  return wechatDateTime(instantOf(value));
}

function fitDate(value: TemplateValueInput): string {
  if (typeof value === 'string') {
    const text = value.trim();
    if (WECHAT_DATE.test(text)) return text;
    const parsed = parseIso(text);
    if (parsed?.instant) return wechatDateTime(parsed.instant).split(' ')[0] as string;
    if (parsed?.day) return wechatDay(parsed.day);
    throw new RangeError(`“${value}”不是可用于订阅消息的日期`);
  }
  return wechatDateTime(instantOf(value)).split(' ')[0] as string;
}

function instantOf(value: number | Date): Date {
  const instant = typeof value === 'number' ? new Date(value) : value;
  if (Number.isNaN(instant.getTime())) throw new RangeError('不是有效的时间');
  return instant;
}

/** An ISO string as an instant (when it has a time) or as a Shanghai calendar day (when it has none). */
function parseIso(text: string): { instant?: Date; day?: string } | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const day = `${m[1]}-${m[2]}-${m[3]}`;
  if (!isCalendarDay(day)) return undefined;
  if (m[4] === undefined) return { day };
  const [hours, minutes, seconds] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  if (hours > 23 || minutes > 59 || seconds > 59) return undefined;
  if (m[7] !== undefined) {
    const ms = Date.parse(`${day}T${m[4]}:${m[5]}:${m[6] ?? '00'}${m[7] === 'Z' ? 'Z' : m[7].replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2')}`);
    return Number.isNaN(ms) ? undefined : { instant: new Date(ms) };
  }
  return { instant: new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), hours, minutes, seconds) - SHANGHAI_OFFSET_MS) };
}

/** `YYYY-MM-DD` as WeChat writes a date: `YYYY年M月D日`. */
function wechatDay(day: string): string {
  const [year, month, date] = day.split('-');
  return `${year}年${Number(month)}月${Number(date)}日`;
}

/** An instant as WeChat writes a time: `YYYY年M月D日 HH:mm`, Asia/Shanghai. */
export function wechatDateTime(instant: Date): string {
  const [day, clock] = formatShanghaiDateTime(instant).split(' ');
  return `${wechatDay(day as string)} ${clock as string}`;
}
