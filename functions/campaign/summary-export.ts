import { titleLabels } from '@shared/rules/titles';
import { applicationStatusLabels } from '@shared/api/campaign';
import type { Session } from '../auth/session-token';
import { tableWorkbook, xlsxContentType, type SheetColumn } from '../roster/excel';
import { requireScope } from '../scope/scope';
import { queueOf } from './applications';
import type { ApplicationRecord } from './campaign-items';
import { getCampaign, orgOf, type CampaignDeps } from './campaigns';

/**
 * 基本情况汇总表 / 信息汇总表 of one recommending unit (or, for the organiser, of the whole campaign) as Excel with
 * Chinese headers: every application with its title, nominee, applying unit, status and the last decision.
 */
export async function summaryWorkbook(deps: CampaignDeps, session: Session, campaignId: string, orgId: string): Promise<{ fileName: string; contentType: string; base64: string; rows: number }> {
  const campaign = await getCampaign(deps, campaignId);
  const org = await orgOf(deps, orgId);
  await requireScope(deps.directory, session, ['reviewer', 'organiser'], org);
  const statuses = ['submitted', 'passed', 'recommended', 'awarded'];
  const apps: ApplicationRecord[] = [];
  for (const status of statuses) apps.push(...(await queueOf(deps, session, orgId, status)).filter((a) => a.campaignId === campaignId));
  const names = await deps.directory.getOrgs([...new Set(apps.map((a) => a.applyingUnitId))]);
  const rows = apps.map((a, i) => [
    String(i + 1),
    titleLabels[a.title],
    a.nominee.name,
    names.get(a.applyingUnitId)?.name ?? a.applyingUnitId,
    applicationStatusLabels[a.status],
    a.summary,
    a.history[a.history.length - 1]?.action ?? '',
  ]);
  const columns: SheetColumn[] = ['序号', '称号', '名称/姓名', '申报单位', '状态', '简要事迹', '最近处理'].map((header) => ({ header, width: header === '简要事迹' ? 60 : 18 }));
  const bytes = await tableWorkbook('基本情况汇总表', columns, rows);
  return { fileName: `${campaign.heading}-${org.name}-基本情况汇总表.xlsx`, contentType: xlsxContentType, base64: bytes.toString('base64'), rows: rows.length };
}
