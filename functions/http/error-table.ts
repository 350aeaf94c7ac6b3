import type { ErrorCode } from '@shared/errors';

/** The one place where a domain error code becomes an HTTP status. */
export const httpStatusOf: Record<ErrorCode, number> = {
  'REQUEST.INVALID': 400,
  'REQUEST.NOT_FOUND': 404,
  'AUTH.REQUIRED': 401,
  'AUTH.TOKEN_INVALID': 401,
  'AUTH.WECHAT_CODE_INVALID': 401,
  'AUTH.WECHAT_BUSY': 503,
  'AUTH.WECHAT_RATE_LIMITED': 429,
  'AUTH.WECHAT_USER_BLOCKED': 403,
  'AUTH.WECHAT_UNAVAILABLE': 502,
  'AUTH.DEMO_DISABLED': 404,
  'AUTH.DEMO_IDENTITY_UNKNOWN': 404,
  'MEMBER.NOT_FOUND': 404,
  'SCOPE.FORBIDDEN': 403,
  'ORG.NOT_FOUND': 404,
  'AUDIT.FORBIDDEN': 403,
  'AUDIT.OUT_OF_SCOPE': 403,
  'AUDIT.BUSY': 503,
  INTERNAL: 500,
};
