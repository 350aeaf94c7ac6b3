import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z from 'zod';
import type { CalendarYearMissingError } from '@shared/calendar';
import { DomainError, errorMessages } from '@shared/errors';
import { issuesToDetails } from '@shared/validation';
import { httpStatusOf } from './error-table';
import { log } from './logger';

export interface HttpRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  pathParameters: Record<string, string>;
  sourceIp: string;
  /** The parsed JSON body; undefined when there is none. */
  body: unknown;
}

export interface HttpReply {
  status?: number;
  /** Omitted for 304 Not Modified. */
  body: unknown;
  /** Extra response headers (e.g. ETag, Cache-Control for a cacheable read). */
  headers?: Record<string, string>;
}

export type Route = (request: HttpRequest) => Promise<HttpReply>;

/** Parses input with a zod schema; a failure becomes REQUEST.INVALID (400) naming each field in Chinese. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const details = issuesToDetails(result.error.issues);
  throw new DomainError('REQUEST.INVALID', {
    message: `${errorMessages['REQUEST.INVALID']}：${details.map((d) => d.message).join('；')}`,
    details,
  });
}

/**
 * Wraps routes ("POST /v1/auth/login") into one Lambda handler: decodes the request, runs the route, and maps
 * every error to the body of DESIGN.md §5 through the error table. Stack traces go to the log, never the response.
 */
export function httpHandler(routes: Record<string, Route>) {
  const handle = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const method = event.requestContext.http.method.toUpperCase();
    const routeKey = event.routeKey && event.routeKey !== '$default' ? event.routeKey : `${method} ${event.rawPath}`;
    try {
      const route = routes[routeKey];
      if (!route) throw new DomainError('REQUEST.NOT_FOUND');
      const reply = await route({
        method,
        path: event.rawPath,
        headers: lowerCaseKeys(event.headers ?? {}),
        query: definedValues(event.queryStringParameters ?? {}),
        pathParameters: definedValues(event.pathParameters ?? {}),
        sourceIp: event.requestContext.http.sourceIp,
        body: decodeBody(event),
      });
      if (reply.status === 304) return { statusCode: 304, headers: { ...reply.headers } };
      const response = json(reply.status ?? 200, reply.body);
      return reply.headers ? { ...response, headers: { ...response.headers, ...reply.headers } } : response;
    } catch (error) {
      if (error instanceof DomainError) {
        return json(httpStatusOf[error.code], { code: error.code, message: error.message, details: error.details });
      }
      if (isCalendarYearMissing(error)) {
        // An operations gap, not a bug: the State Council's arrangement for that year is not loaded yet.
        log('error', 'holiday calendar year missing', { routeKey, year: error.year, hint: error.message });
        return json(httpStatusOf['CALENDAR.YEAR_MISSING'], { code: error.code, message: `${errorMessages['CALENDAR.YEAR_MISSING']}（${error.year} 年）`, details: error.details });
      }
      log('error', 'unhandled error', { routeKey, error: error instanceof Error ? error.stack : String(error) });
      return json(500, { code: 'INTERNAL', message: errorMessages.INTERNAL, details: [] });
    }
  };
  // The route keys, so a test can hold serverless.yml and the handlers to the same list.
  return Object.assign(handle, { routes: Object.keys(routes) });
}

// By its code, not instanceof: importing the class would load the whole calendar (chinese-days' tables, the
// lunar festival tables) into every function's cold start, routes that never count a day included (issue 18).
function isCalendarYearMissing(error: unknown): error is CalendarYearMissingError {
  return error instanceof Error && (error as { code?: unknown }).code === 'CALENDAR.YEAR_MISSING';
}

function decodeBody(event: APIGatewayProxyEventV2): unknown {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new DomainError('REQUEST.INVALID', {
      message: '请求内容有误：请求体不是有效的 JSON',
      details: [{ path: '(请求体)', message: '请求体不是有效的 JSON' }],
      cause,
    });
  }
}

function json(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    body: JSON.stringify(body),
  };
}

function lowerCaseKeys(headers: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) if (value !== undefined) out[key.toLowerCase()] = value;
  return out;
}

function definedValues(values: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) if (value !== undefined) out[key] = value;
  return out;
}
