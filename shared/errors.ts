// Stable error codes with their fixed Chinese messages. HTTP statuses live in functions/http/error-table.ts;
// the mini-program shows `message` as it is.
export const errorMessages = {
  'REQUEST.INVALID': '请求内容有误',
  'REQUEST.NOT_FOUND': '请求的接口不存在',
  'AUTH.REQUIRED': '请先登录',
  'AUTH.TOKEN_INVALID': '登录已过期，请重新登录',
  'AUTH.WECHAT_CODE_INVALID': '微信登录凭证无效或已使用，请重新登录',
  'AUTH.WECHAT_BUSY': '微信服务繁忙，请稍后再试',
  'AUTH.WECHAT_RATE_LIMITED': '登录过于频繁，请一分钟后再试',
  'AUTH.WECHAT_USER_BLOCKED': '该微信账号存在风险，暂时无法登录',
  'AUTH.WECHAT_UNAVAILABLE': '暂时无法连接微信服务，请稍后再试',
  'AUTH.DEMO_DISABLED': '演示登录仅在本地环境开放',
  'AUTH.DEMO_IDENTITY_UNKNOWN': '没有这个演示身份',
  'MEMBER.NOT_FOUND': '未找到会员信息',
  'SCOPE.FORBIDDEN': '您无权访问该组织的数据',
  'ORG.NOT_FOUND': '未找到该工会组织',
  'AUDIT.FORBIDDEN': '只有组织者可以查看审计记录',
  'AUDIT.OUT_OF_SCOPE': '该审计记录不在您的管辖范围内',
  'AUDIT.BUSY': '该事项正被同时处理，请稍后再试',
  'INTERNAL': '系统繁忙，请稍后再试',
} as const;

export type ErrorCode = keyof typeof errorMessages;

/** One failing field: `path` as the client sent it, `message` in Chinese naming the field. */
export interface ErrorDetail {
  path: string;
  message: string;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];
  constructor(code: ErrorCode, options: { message?: string; details?: ErrorDetail[]; cause?: unknown } = {}) {
    super(options.message ?? errorMessages[code], { cause: options.cause });
    this.name = 'DomainError';
    this.code = code;
    this.details = options.details ?? [];
  }
}
