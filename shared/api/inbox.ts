import * as z from 'zod';

/** One notice in a member's in-app inbox (站内通知). */
export const inboxNotice = z.object({
  noticeId: z.string(),
  templateKey: z.string(),
  title: z.string(),
  body: z.string(),
  /** The mini-program page the notice opens, without a leading slash, with its query if any. */
  page: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type InboxNotice = z.infer<typeof inboxNotice>;

/** GET /v1/inbox?cursor=… — newest first. */
export const inboxResponse = z.object({ notices: z.array(inboxNotice), nextCursor: z.string().nullable(), unread: z.number().int().min(0) });
export type InboxResponse = z.infer<typeof inboxResponse>;

/** GET /v1/inbox/unread — the badge on the home page. */
export const unreadResponse = z.object({ unread: z.number().int().min(0) });

/** POST /v1/inbox/read */
export const markReadRequest = z.object({
  noticeIds: z.array(z.string().min(1).max(200), { error: '请指定要标为已读的通知（noticeIds）' }).min(1, '请指定要标为已读的通知（noticeIds）').max(100, '一次最多标记 100 条通知（noticeIds）'),
});

/**
 * GET /v1/subscriptions/templates?moment=… — the WeChat subscribe-message template ids to ask for at a moment
 * that matters (after a chair submits, after a reporter files…); at most 3, as wx.requestSubscribeMessage allows.
 */
export const subscribeMoments = ['afterApplicationSubmitted', 'afterReportFiled', 'afterBallotOpened', 'reviewerWork'] as const;
export const subscribeMoment = z.enum(subscribeMoments, { error: '订阅时机（moment）不正确' });
export const subscribeTemplatesResponse = z.object({
  templates: z.array(z.object({ templateKey: z.string(), templateId: z.string(), purpose: z.string() })).max(3),
});

/** POST /v1/subscriptions — what the user answered in wx.requestSubscribeMessage, per template id. */
export const subscriptionResultRequest = z.object({
  results: z
    .record(z.string().min(1).max(64), z.enum(['accept', 'reject', 'ban', 'filter'], { error: '订阅结果（results）只能是 accept、reject、ban 或 filter' }), { error: '缺少订阅结果（results）' })
    .refine((r) => Object.keys(r).length > 0 && Object.keys(r).length <= 3, '订阅结果（results）应包含 1 到 3 个模板'),
});
export const subscriptionResultResponse = z.object({ accepted: z.number().int(), declined: z.number().int() });

/** GET /v1/notices/dead — organisers: notices that failed every retry, in their scope. */
export const deadNotice = z.object({
  noticeId: z.string(),
  templateKey: z.string(),
  recipientName: z.string(),
  recipientOrg: z.string(),
  createdAt: z.string(),
  attempts: z.number().int(),
  lastError: z.string(),
});
export type DeadNotice = z.infer<typeof deadNotice>;
export const deadNoticesResponse = z.object({ notices: z.array(deadNotice) });
