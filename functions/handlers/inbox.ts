import * as z from 'zod';
import { markReadRequest, subscribeMoment, subscriptionResultRequest } from '@shared/api/inbox';
import { DomainError } from '@shared/errors';
import { stage } from '../config/env';
import { httpHandler, parseInput } from '../http/http-handler';
import { markRead, readInbox, unreadCount } from '../notify/inbox';
import { recordSubscriptionResults, templatesForMoment } from '../notify/subscriptions';
import { documentClient, tableName } from '../storage/dynamo';
import { organiserScopes } from '../audit/audit-read';
import { readDeadNotices } from '../notify/dead-letters';
import { sessionOf, theDirectory } from './context';

const cursorQuery = z.object({ cursor: z.string().max(300, '翻页参数（cursor）过长').optional() });
const momentQuery = z.object({ moment: subscribeMoment });

async function memberOf(headers: Record<string, string>): Promise<string> {
  const session = await sessionOf(headers);
  if (!session.memberId) throw new DomainError('MEMBER.NOT_FOUND');
  return session.memberId;
}

export const handler = httpHandler({
  'GET /v1/inbox': async (request) => {
    const { cursor } = parseInput(cursorQuery, request.query);
    return { body: await readInbox(documentClient(), tableName(), await memberOf(request.headers), cursor) };
  },

  'GET /v1/inbox/unread': async (request) => ({ body: { unread: await unreadCount(documentClient(), tableName(), await memberOf(request.headers)) } }),

  'POST /v1/inbox/read': async (request) => {
    const memberId = await memberOf(request.headers);
    const { noticeIds } = parseInput(markReadRequest, request.body);
    return { body: { unread: await markRead(documentClient(), tableName(), memberId, noticeIds) } };
  },

  'GET /v1/notices/dead': async (request) => {
    const scopes = await organiserScopes(theDirectory(), await sessionOf(request.headers));
    return { body: { notices: await readDeadNotices(documentClient(), tableName(), theDirectory(), scopes) } };
  },

  'GET /v1/subscriptions/templates': async (request) => {
    await memberOf(request.headers);
    const { moment } = parseInput(momentQuery, request.query);
    return { body: { templates: templatesForMoment(moment, stage()) } };
  },

  'POST /v1/subscriptions': async (request) => {
    const memberId = await memberOf(request.headers);
    const { results } = parseInput(subscriptionResultRequest, request.body);
    return { body: await recordSubscriptionResults(documentClient(), tableName(), memberId, stage(), results) };
  },
});
