import * as z from 'zod';
import type { ErrorDetail } from './errors';

/**
 * Turns zod issues into details that name the field. Our schemas write Chinese messages that name the field
 * themselves ("微信登录凭证（code）不能为空"); zod's own messages do not, so those get the field put in front.
 */
export function issuesToDetails(issues: readonly z.core.$ZodIssue[]): ErrorDetail[] {
  return issues.map((issue) => {
    const path = issue.path.map(String).join('.') || '(请求体)';
    const key = issue.path.length > 0 ? String(issue.path[issue.path.length - 1]) : '';
    const namesField = key !== '' && issue.message.includes(`（${key}）`);
    return { path, message: namesField ? issue.message : `字段 ${path}：${chineseFallback(issue)}` };
  });
}

function chineseFallback(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? '缺少此项' : `类型不正确，应为 ${issue.expected}`;
    case 'too_small':
      return `过短或过小（最少 ${String(issue.minimum)}）`;
    case 'too_big':
      return `过长或过大（最多 ${String(issue.maximum)}）`;
    case 'invalid_value':
      return '取值不在允许范围内';
    case 'unrecognized_keys':
      return `含有不认识的字段：${issue.keys.join('、')}`;
    case 'invalid_format':
      return '格式不正确';
    default:
      return /[\u4e00-\u9fff]/.test(issue.message) ? issue.message : '内容不正确';
  }
}
