import * as z from 'zod';
import { errorMessages } from '../../../shared/errors';
import { issuesToDetails } from '../../../shared/validation';
import { httpStatusOf } from '../../../functions/http/error-table';
import { loginRequest } from '../../../shared/api/auth';
import { officialCalendar, publicityWindow } from '../../../shared/calendar';
import { httpHandler } from '../../../functions/http/http-handler';
import { httpEvent, jsonOf } from '../../support/http-event';

describe('the error table', () => {
  it('gives every error code a Chinese message and a 4xx or 5xx status', () => {
    for (const [code, message] of Object.entries(errorMessages)) {
      expect(message).toMatch(/[\u4e00-\u9fff]/);
      expect(httpStatusOf[code as keyof typeof httpStatusOf]).toBeGreaterThanOrEqual(400);
    }
    expect(Object.keys(httpStatusOf).sort()).toEqual(Object.keys(errorMessages).sort());
  });
});

describe('validation details', () => {
  it('keeps a schema message that names its field', () => {
    const result = loginRequest.safeParse({ code: '' });
    expect(result.success).toBe(false);
    if (!result.success) expect(issuesToDetails(result.error.issues)).toEqual([{ path: 'code', message: '微信登录凭证（code）不能为空' }]);
  });

  it('puts the field in front of a message that does not name it', () => {
    const schema = z.object({ year: z.number(), org: z.object({ name: z.string() }) });
    const result = schema.safeParse({ year: 'x', org: {} });
    expect(result.success).toBe(false);
    if (!result.success) {
      const details = issuesToDetails(result.error.issues);
      expect(details.map((d) => d.path)).toEqual(['year', 'org.name']);
      expect(details[0]?.message).toMatch(/^字段 year：/);
      expect(details[1]?.message).toBe('字段 org.name：缺少此项');
    }
  });
});

describe('a working-day count that reaches a year with no official arrangement', () => {
  it('answers a window reaching an unannounced year with its provisional end, not 503', async () => {
    const calendar = officialCalendar([]);
    const handler = httpHandler({
      'POST /v1/windows': async () => ({ body: publicityWindow(new Date('2026-12-30T09:00:00+08:00'), 5, calendar) }),
    });
    const reply = jsonOf(await handler(httpEvent('POST', '/v1/windows')));
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ provisional: true, endsAt: '2027-01-08T16:00:00.000Z' });
  });

  it('answers 503 with a Chinese message naming the year only outside the years it can count', async () => {
    const calendar = officialCalendar([]);
    const handler = httpHandler({
      'POST /v1/windows': async () => ({ body: publicityWindow(new Date('2099-12-30T09:00:00+08:00'), 5, calendar) }),
    });
    const reply = jsonOf(await handler(httpEvent('POST', '/v1/windows')));
    expect(reply.status).toBe(503);
    expect(reply.body).toMatchObject({ code: 'CALENDAR.YEAR_MISSING', message: expect.stringContaining('2100 年') });
  });
});
