import * as z from 'zod';
import { createApplicationRequest, createCampaignRequest, decideRequest, decisionRequest, openFinalPublicityRequest, saveApplicationRequest, submitListRequest } from '@shared/api/campaign';
import { honourImportRequest, recheckRequest, registerQuery } from '@shared/api/register';
import { openRevocationRequest, revocationStepRequest } from '@shared/api/revocation';
import { titleLabels } from '@shared/rules/titles';
import { httpHandler, parseInput, type Route } from '../http/http-handler';
import { currentCalendar } from '../calendar/live-calendar';
import { bundledCalendar } from '../calendar/bundled-calendar';
import { createApplication, decideApplication, filedBy, queueOf, readApplication, saveApplication, submitApplication } from '../campaign/applications';
import { campaignFor, campaignsFor, createCampaign, viewOf, type CampaignDeps } from '../campaign/campaigns';
import { decideCampaign, honoursOf } from '../campaign/honours';
import { finalPublicityOf, openFinalPublicity } from '../campaign/campaign-publicity';
import { listBoard, submitList } from '../campaign/lists';
import { summaryWorkbook } from '../campaign/summary-export';
import { honourDetail, registerPage, registerWorkbook } from '../honours/register';
import { commitHonourImport, previewHonourImport } from '../honours/register-import';
import { recheckOnDemand } from '../honours/recheck-on-demand';
import { openRevocation, revocationCase, revocationOptions, revocationsOf, takeRevocationStep } from '../honours/revocation-cases';
import { documentClient, tableName } from '../storage/dynamo';
import { systemNow } from '../time/clock';
import { sessionOf, theDirectory } from './context';

let built: CampaignDeps | undefined;
const deps = (): CampaignDeps => (built ??= { db: documentClient(), table: tableName(), directory: theDirectory(), calendar: bundledCalendar(), now: systemNow });

const orgPath = z.object({ orgId: z.string().min(1, '缺少组织编号（orgId）').max(100) });
const campaignPath = z.object({ campaignId: z.string().regex(/^cmp-[0-9a-f]{16}$/, '评选活动编号（campaignId）格式不正确') });
const applicationPath = z.object({ applicationId: z.string().regex(/^app-[0-9a-f]{16}$/, '申报编号（applicationId）格式不正确') });
const listPath = campaignPath.extend(orgPath.shape);
const versionBody = z.object({ version: z.number({ error: '缺少版本号（version）' }).int().min(1) });
const honourPath = z.object({ certificateNo: z.string().trim().min(1, '缺少证书编号（certificateNo）').max(64, '证书编号（certificateNo）不超过 64 个字符') });
const honourImportPath = orgPath.extend({ importId: z.string().uuid('导入编号（importId）格式不正确') });
const revocationPath = z.object({ caseId: z.string().uuid('撤销案件编号（caseId）格式不正确') });
const revocationListQuery = z.object({ status: z.enum(['open', 'closed'], { error: '状态（status）应为 open 或 closed' }).optional() });
const queueQuery = z.object({ status: z.enum(['draft', 'submitted', 'returned', 'rejected', 'passed', 'recommended', 'awarded']).optional() });

const summaryOf = (a: Awaited<ReturnType<typeof queueOf>>[number]) => ({
  applicationId: a.applicationId,
  campaignId: a.campaignId,
  title: a.title,
  titleLabel: titleLabels[a.title],
  nominee: a.nominee,
  status: a.status,
  version: a.version,
  atOrgId: a.atOrgId,
  verdict: 'needsReview' as const,
});

const routes: Record<string, Route> = {
  'POST /v1/orgs/{orgId}/campaigns': async (request) => {
    const { orgId } = parseInput(orgPath, request.pathParameters);
    return { status: 201, body: { campaign: await createCampaign(deps(), await sessionOf(request.headers), orgId, parseInput(createCampaignRequest, request.body)) } };
  },
  'GET /v1/campaigns': async (request) => ({ body: { campaigns: await campaignsFor(deps(), await sessionOf(request.headers)) } }),
  'GET /v1/campaigns/{campaignId}': async (request) => {
    const session = await sessionOf(request.headers);
    const { campaignId } = parseInput(campaignPath, request.pathParameters);
    return { body: { campaign: viewOf(await campaignFor(deps(), session, campaignId)) } };
  },
  'POST /v1/campaigns/{campaignId}/applications': async (request) => {
    const { campaignId } = parseInput(campaignPath, request.pathParameters);
    return { status: 201, body: { application: await createApplication(deps(), await sessionOf(request.headers), campaignId, parseInput(createApplicationRequest, request.body)) } };
  },
  'GET /v1/applications/{applicationId}': async (request) => {
    const { applicationId } = parseInput(applicationPath, request.pathParameters);
    return { body: { application: await readApplication(deps(), await sessionOf(request.headers), applicationId) } };
  },
  'PUT /v1/applications/{applicationId}': async (request) => {
    const { applicationId } = parseInput(applicationPath, request.pathParameters);
    return { body: { application: await saveApplication(deps(), await sessionOf(request.headers), applicationId, parseInput(saveApplicationRequest, request.body)) } };
  },
  'POST /v1/applications/{applicationId}/submit': async (request) => {
    const { applicationId } = parseInput(applicationPath, request.pathParameters);
    const { version } = parseInput(versionBody, request.body);
    return { body: { application: await submitApplication(deps(), await sessionOf(request.headers), applicationId, version) } };
  },
  'POST /v1/applications/{applicationId}/decision': async (request) => {
    const { applicationId } = parseInput(applicationPath, request.pathParameters);
    return { body: { application: await decideApplication(deps(), await sessionOf(request.headers), applicationId, parseInput(decisionRequest, request.body)) } };
  },
  'GET /v1/orgs/{orgId}/applications': async (request) => {
    const { orgId } = parseInput(orgPath, request.pathParameters);
    const { status } = parseInput(queueQuery, request.query);
    return { body: { applications: (await queueOf(deps(), await sessionOf(request.headers), orgId, status)).map(summaryOf) } };
  },
  'GET /v1/orgs/{orgId}/filed-applications': async (request) => {
    const { orgId } = parseInput(orgPath, request.pathParameters);
    return { body: { applications: (await filedBy(deps(), await sessionOf(request.headers), orgId)).map(summaryOf) } };
  },
  // The final list: public, like the final publicity it follows.
  'GET /v1/campaigns/{campaignId}/honours': async (request) => {
    const { campaignId } = parseInput(campaignPath, request.pathParameters);
    return { body: { honours: await honoursOf(deps(), campaignId) } };
  },
  'GET /v1/campaigns/{campaignId}/lists/{orgId}': async (request) => {
    const { campaignId, orgId } = parseInput(listPath, request.pathParameters);
    return { body: await listBoard(deps(), await sessionOf(request.headers), campaignId, orgId) };
  },
  'POST /v1/campaigns/{campaignId}/lists/{orgId}/submit': async (request) => {
    const { campaignId, orgId } = parseInput(listPath, request.pathParameters);
    return { body: await submitList(deps(), await sessionOf(request.headers), campaignId, orgId, parseInput(submitListRequest, request.body)) };
  },
  'GET /v1/campaigns/{campaignId}/lists/{orgId}/export': async (request) => {
    const { campaignId, orgId } = parseInput(listPath, request.pathParameters);
    return { body: await summaryWorkbook(deps(), await sessionOf(request.headers), campaignId, orgId) };
  },
  // 拟表彰名单公示: what the organiser would publish, then the window itself (where the ruleset has one).
  'GET /v1/campaigns/{campaignId}/final-publicity': async (request) => {
    const { campaignId } = parseInput(campaignPath, request.pathParameters);
    return { body: await finalPublicityOf(deps(), await sessionOf(request.headers), campaignId) };
  },
  'POST /v1/campaigns/{campaignId}/final-publicity': async (request) => {
    const { campaignId } = parseInput(campaignPath, request.pathParameters);
    const { workingDays } = parseInput(openFinalPublicityRequest, request.body);
    return { status: 201, body: await openFinalPublicity(deps(), await sessionOf(request.headers), campaignId, workingDays) };
  },
  // 荣誉管理档案 (总工办发〔2020〕15号 第二十二条（二））: the register of a subtree, its Excel export, one honour's history.
  'GET /v1/orgs/{orgId}/honours': async (request) => {
    const { orgId } = parseInput(orgPath, request.pathParameters);
    return { body: await registerPage(deps(), await sessionOf(request.headers), orgId, parseInput(registerQuery, request.query)) };
  },
  'GET /v1/orgs/{orgId}/honours/export': async (request) => {
    const { orgId } = parseInput(orgPath, request.pathParameters);
    return { body: await registerWorkbook(deps(), await sessionOf(request.headers), orgId, parseInput(registerQuery, request.query)) };
  },
  'POST /v1/orgs/{orgId}/honours/imports': async (request) => {
    const { orgId } = parseInput(orgPath, request.pathParameters);
    return { status: 201, body: { job: await previewHonourImport(deps(), await sessionOf(request.headers), orgId, parseInput(honourImportRequest, request.body)) } };
  },
  'POST /v1/orgs/{orgId}/honours/imports/{importId}/commit': async (request) => {
    const { orgId, importId } = parseInput(honourImportPath, request.pathParameters);
    return { body: { job: await commitHonourImport(deps(), await sessionOf(request.headers), orgId, importId) } };
  },
  // 复查 on demand (总工办发〔2020〕15号 第二十二条（四）): the subtree's honours in slices, resumed with the cursor.
  'POST /v1/orgs/{orgId}/honours/recheck': async (request) => {
    const { orgId } = parseInput(orgPath, request.pathParameters);
    return { body: await recheckOnDemand(deps(), await sessionOf(request.headers), orgId, parseInput(recheckRequest, request.body)) };
  },
  'GET /v1/honours/{certificateNo}': async (request) => {
    const { certificateNo } = parseInput(honourPath, request.pathParameters);
    return { body: await honourDetail(deps(), await sessionOf(request.headers), certificateNo) };
  },
  // 撤销荣誉称号 by the ruleset's procedure (总工办发〔2020〕15号 第二十六条, 京工发〔2021〕19号 第二十三条–第二十四条, 桂工发〔2021〕8号 八、（五））.
  'GET /v1/honours/{certificateNo}/revocation-options': async (request) => {
    const { certificateNo } = parseInput(honourPath, request.pathParameters);
    return { body: await revocationOptions(deps(), await sessionOf(request.headers), certificateNo) };
  },
  'POST /v1/honours/{certificateNo}/revocations': async (request) => {
    const { certificateNo } = parseInput(honourPath, request.pathParameters);
    return { status: 201, body: { case: await openRevocation(deps(), await sessionOf(request.headers), certificateNo, parseInput(openRevocationRequest, request.body)) } };
  },
  'GET /v1/revocations/{caseId}': async (request) => {
    const { caseId } = parseInput(revocationPath, request.pathParameters);
    return { body: { case: await revocationCase(deps(), await sessionOf(request.headers), caseId) } };
  },
  'POST /v1/revocations/{caseId}/steps': async (request) => {
    const { caseId } = parseInput(revocationPath, request.pathParameters);
    return { body: { case: await takeRevocationStep(deps(), await sessionOf(request.headers), caseId, parseInput(revocationStepRequest, request.body)) } };
  },
  'GET /v1/orgs/{orgId}/revocations': async (request) => {
    const { orgId } = parseInput(orgPath, request.pathParameters);
    const { status } = parseInput(revocationListQuery, request.query);
    return { body: await revocationsOf(deps(), await sessionOf(request.headers), orgId, status) };
  },
  'POST /v1/campaigns/{campaignId}/decision': async (request) => {
    const { campaignId } = parseInput(campaignPath, request.pathParameters);
    const { applicationIds, reason } = parseInput(decideRequest, request.body);
    return { status: 201, body: { honours: await decideCampaign(deps(), await sessionOf(request.headers), campaignId, applicationIds, reason) } };
  },
};

/** Every route counts on the current calendar: the operator's arrangements, read again every 30 s. */
export const handler = httpHandler(
  Object.fromEntries(
    Object.entries(routes).map(([key, route]): [string, Route] => [
      key,
      async (request) => {
        const d = deps();
        d.calendar = await currentCalendar(d.db, d.table);
        return route(request);
      },
    ]),
  ),
);
