import { GetCommand } from '../storage/document-client';
import type { HealthResponse } from '@shared/api/health';
import { stage } from '../config/env';
import { httpHandler } from '../http/http-handler';
import { documentClient, tableName } from '../storage/dynamo';
import { keys } from '../storage/keys';
import { systemNow } from '../time/clock';

const version = process.env.APP_VERSION ?? '0.1.0';

export const handler = httpHandler({
  'GET /v1/health': async () => {
    const out = await documentClient().send(new GetCommand({ TableName: tableName(), Key: keys.clockHeartbeat() }));
    const body: HealthResponse = {
      status: 'ok',
      stage: stage(),
      version,
      time: systemNow().toISOString(),
      clockLastRunAt: typeof out.Item?.lastRunAt === 'string' ? out.Item.lastRunAt : null,
    };
    return { body };
  },
});
