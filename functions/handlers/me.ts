import { describeMe } from '../auth/login';
import { httpHandler } from '../http/http-handler';
import { sessionOf, theDirectory } from './context';

export const handler = httpHandler({
  'GET /v1/me': async (request) => ({ body: await describeMe(theDirectory(), await sessionOf(request.headers)) }),
});
