// 收回证书和奖牌 (issue 17 point 4): a unit's closure, the recovery tasks and the recovery recorded, through the one
// typed client. Only the admin subpackage imports this file.
import { markClosureResponse, recoveryTaskListResponse, recoveryTaskResponse, type MarkClosureRequest, type MarkClosureResponse, type RecordRecoveryRequest, type RecoveryTask } from '@shared/api/recovery'
import { request } from '../../services/api-client'

const id = (value: string): string => encodeURIComponent(value)

/** POST /v1/orgs/{orgId}/closure — the union's unit marked 破产 / 终止 / 撤销; its honours' tasks opened. */
export function markClosure(orgId: string, body: MarkClosureRequest): Promise<MarkClosureResponse> {
  return request('POST', `/orgs/${id(orgId)}/closure`, { body, schema: markClosureResponse, timeoutMs: 35_000 })
}

/** GET /v1/orgs/{orgId}/recovery-tasks — the tasks of the org and the bodies below it. */
export async function recoveryTasks(orgId: string, status?: 'open' | 'done'): Promise<RecoveryTask[]> {
  return (await request('GET', `/orgs/${id(orgId)}/recovery-tasks${status ? `?status=${status}` : ''}`, { schema: recoveryTaskListResponse })).tasks
}

/** GET /v1/recovery-tasks/{taskId} */
export async function recoveryTask(taskId: string): Promise<RecoveryTask> {
  return (await request('GET', `/recovery-tasks/${id(taskId)}`, { schema: recoveryTaskResponse })).task
}

/** POST /v1/recovery-tasks/{taskId}/recovery — with the version the page showed. */
export async function recordRecovery(taskId: string, body: RecordRecoveryRequest): Promise<RecoveryTask> {
  return (await request('POST', `/recovery-tasks/${id(taskId)}/recovery`, { body, schema: recoveryTaskResponse })).task
}
