import * as z from 'zod';
import { markClosureRequest, recordRecoveryRequest, recoveryTaskQuery } from '@shared/api/recovery';
import { orgPathParams } from '@shared/api/orgs';
import { httpHandler, parseInput } from '../http/http-handler';
import type { RecoveryDeps } from '../honours/recovery-tasks';
import { recordRecovery, recoveryTask, recoveryTasksOf } from '../honours/recovery-record';
import { markUnitClosed } from '../orgs/org-closure';
import { documentClient, tableName } from '../storage/dynamo';
import { systemNow } from '../time/clock';
import { sessionOf, theDirectory } from './context';

let built: RecoveryDeps | undefined;
const deps = (): RecoveryDeps => (built ??= { db: documentClient(), table: tableName(), directory: theDirectory(), now: systemNow });

/** A task is named by its honour's certificate number (one task per honour). */
const taskPath = z.object({
  taskId: z.string().trim().min(1, '缺少收回任务编号（taskId）').max(64, '收回任务编号（taskId）不超过 64 个字符').regex(/^[^#/]+$/, '收回任务编号（taskId）格式不正确'),
});

// 收回证书和奖牌 (总工办发〔2020〕15号 第二十七条): a unit's closure marked by the level above, its tasks, the recovery recorded.
export const handler = httpHandler({
  'POST /v1/orgs/{orgId}/closure': async (request) => {
    const session = await sessionOf(request.headers);
    const { orgId } = parseInput(orgPathParams, request.pathParameters);
    return { body: await markUnitClosed(deps(), session, orgId, parseInput(markClosureRequest, request.body)) };
  },
  'GET /v1/orgs/{orgId}/recovery-tasks': async (request) => {
    const session = await sessionOf(request.headers);
    const { orgId } = parseInput(orgPathParams, request.pathParameters);
    return { body: { tasks: await recoveryTasksOf(deps(), session, orgId, parseInput(recoveryTaskQuery, request.query)) } };
  },
  'GET /v1/recovery-tasks/{taskId}': async (request) => {
    const session = await sessionOf(request.headers);
    const { taskId } = parseInput(taskPath, request.pathParameters);
    return { body: { task: await recoveryTask(deps(), session, taskId) } };
  },
  'POST /v1/recovery-tasks/{taskId}/recovery': async (request) => {
    const session = await sessionOf(request.headers);
    const { taskId } = parseInput(taskPath, request.pathParameters);
    return { body: { task: await recordRecovery(deps(), session, taskId, parseInput(recordRecoveryRequest, request.body)) } };
  },
});
