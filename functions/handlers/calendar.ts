import { createHash } from 'node:crypto';
import * as z from 'zod';
import { arrangementInput, calendarYear, saveArrangementRequest } from '@shared/api/calendar';
import { httpHandler, parseInput } from '../http/http-handler';
import { arrangementHistory, calendarYear as readCalendarYear, listArrangements, previewArrangement, saveArrangement, type CalendarDeps } from '../calendar/arrangements';
import { documentClient, tableName } from '../storage/dynamo';
import { systemNow } from '../time/clock';
import { sessionOf, theDirectory } from './context';

let built: CalendarDeps | undefined;
const deps = (): CalendarDeps => (built ??= { db: documentClient(), table: tableName(), directory: theDirectory(), now: systemNow });

const yearPath = z.object({ year: calendarYear });

export const handler = httpHandler({
  // Anyone: the calendar a year is counted on. Cacheable: the client revalidates with If-None-Match (304).
  'GET /v1/calendar/years/{year}': async (request) => {
    const { year } = parseInput(yearPath, request.pathParameters);
    const body = await readCalendarYear(deps(), year);
    const etag = `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 27)}"`;
    const headers = { etag, 'cache-control': 'no-cache' };
    if (request.headers['if-none-match'] === etag) return { status: 304, body: undefined, headers };
    return { body, headers };
  },
  'GET /v1/calendar/arrangements': async (request) => ({ body: await listArrangements(deps(), await sessionOf(request.headers)) }),
  'POST /v1/calendar/arrangements/preview': async (request) => {
    const session = await sessionOf(request.headers);
    return { body: await previewArrangement(deps(), session, parseInput(arrangementInput, request.body)) };
  },
  'PUT /v1/calendar/arrangements/{year}': async (request) => {
    const session = await sessionOf(request.headers);
    const { year } = parseInput(yearPath, request.pathParameters);
    return { body: await saveArrangement(deps(), session, year, parseInput(saveArrangementRequest, request.body)) };
  },
  'GET /v1/calendar/arrangements/{year}/versions': async (request) => {
    const session = await sessionOf(request.headers);
    const { year } = parseInput(yearPath, request.pathParameters);
    return { body: await arrangementHistory(deps(), session, year) };
  },
});
