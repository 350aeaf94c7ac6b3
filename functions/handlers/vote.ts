import { appraisalPathParameters, castRequest } from '@shared/api/ballot';
import { secret } from '../config/secrets';
import { httpHandler, parseInput } from '../http/http-handler';
import { castBallot, type CastDeps } from '../appraisal/cast';
import { receiptKeyOf } from '../appraisal/ballot-box-keys';
import { ballotBoxTableName, documentClient, tableName } from '../storage/dynamo';
import { systemNow } from '../time/clock';
import { sessionOf } from './context';

/**
 * The vote: one route in a function of its own, so that on a ballot day its cold starts load only what casting
 * needs (issue 18 point 4, the vote path first) and its concurrency can be provisioned and reserved apart from the
 * rest of the appraisal API (README "A national 会员评家 day").
 */

// Built once per cold start, on first use (so a test can set the environment before the first request).
let built: CastDeps | undefined;
async function castDeps(): Promise<CastDeps> {
  if (built) return built;
  const db = documentClient();
  built = { db, table: tableName(), box: { db, table: ballotBoxTableName() }, receiptKey: receiptKeyOf(await secret('PERSONAL_DATA_KEY')), now: systemNow };
  return built;
}

export const handler = httpHandler({
  'POST /v1/appraisals/{appraisalId}/ballot': async (request) => {
    const session = await sessionOf(request.headers);
    const { appraisalId } = parseInput(appraisalPathParameters, request.pathParameters);
    return castBallot(await castDeps(), session, appraisalId, parseInput(castRequest, request.body));
  },
});
