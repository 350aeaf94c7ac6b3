import { applicationStatusLabels } from '@shared/api/campaign';
import { orgKindLabels, ownershipLabels } from '@shared/domain/org-tree';
import { attributeValueLabel, cadreLevelLabels, nomineeKindLabels } from '@shared/rules/facts';
import { titleLabels } from '@shared/rules/titles';
import type { Session } from '../auth/session-token';
import { tablesWorkbook, xlsxContentType, type SheetColumn } from '../roster/excel';
import { requireScopeOn } from '../scope/scope';
import { queueOf } from './applications';
import type { ApplicationRecord } from './campaign-items';
import { getCampaign, type CampaignDeps } from './campaigns';

const columns = (headers: readonly string[], wide: Record<string, number> = {}): SheetColumn[] => headers.map((header) => ({ header, width: wide[header] ?? 16 }));
const yesNo = (value: boolean | undefined): string => (value === undefined ? '' : attributeValueLabel(value));

/**
 * The two tables JZ 四、（二）4–5 asks for (申报表彰单位及个人基本情况汇总表 / 信息汇总表), for one recommending unit or,
 * for the organiser, the whole campaign, as one Excel workbook with Chinese headers:
 *   基本情况汇总表 — every application with its title, nominee, units, status, 简要事迹 and the last decision;
 *   信息汇总表 — the attributes the list ratios count (unit kind, ownership, organ, gender, office, cadre level, front
 *   line, years of union work), as the applying unit declared them.
 */
export async function summaryWorkbook(deps: CampaignDeps, session: Session, campaignId: string, orgId: string): Promise<{ fileName: string; contentType: string; base64: string; rows: number }> {
  const campaign = await getCampaign(deps, campaignId);
  const { org } = await requireScopeOn(deps.directory, session, ['reviewer', 'organiser'], orgId);
  const statuses = ['submitted', 'passed', 'recommended', 'awarded'];
  const apps: ApplicationRecord[] = [];
  for (const status of statuses) apps.push(...(await queueOf(deps, session, orgId, status)).filter((a) => a.campaignId === campaignId));
  const orgs = await deps.directory.getOrgs([...new Set(apps.flatMap((a) => [a.applyingUnitId, a.recommendingUnitId, ...(a.nominee.kind === 'person' ? [] : [a.nominee.id])]))]);
  const nameOf = (id: string) => orgs.get(id)?.name ?? id;
  const basic = apps.map((a, i) => [
    String(i + 1),
    titleLabels[a.title],
    a.nominee.name,
    nameOf(a.applyingUnitId),
    nameOf(a.recommendingUnitId),
    applicationStatusLabels[a.status],
    a.summary,
    a.history[a.history.length - 1]?.action ?? '',
  ]);
  const info = apps.map((a, i) => {
    const declared = a.declared.nominee ?? {};
    const unit = orgs.get(a.nominee.kind === 'person' ? a.applyingUnitId : a.nominee.id);
    return [
      String(i + 1),
      titleLabels[a.title],
      a.nominee.name,
      nomineeKindLabels[a.nominee.kind],
      unit ? orgKindLabels[unit.kind] : '',
      unit?.ownership ? ownershipLabels[unit.ownership] : '',
      unit ? yesNo(unit.kind === 'governmentOrgan' || unit.kind === 'institution') : '',
      declared.gender ? attributeValueLabel(declared.gender) : '',
      declared.role ? attributeValueLabel(declared.role) : '',
      declared.cadreLevel ? cadreLevelLabels[declared.cadreLevel] : '',
      yesNo(declared.isLeadingBodyCadre),
      yesNo(declared.isFrontLine),
      declared.yearsOfUnionWork === undefined ? '' : String(declared.yearsOfUnionWork),
      nameOf(a.applyingUnitId),
    ];
  });
  const bytes = await tablesWorkbook([
    { name: '基本情况汇总表', columns: columns(['序号', '称号', '名称/姓名', '申报单位', '推荐单位', '状态', '简要事迹', '最近处理'], { 序号: 8, 简要事迹: 60 }), rows: basic },
    {
      name: '信息汇总表',
      columns: columns(['序号', '称号', '名称/姓名', '对象类型', '单位类型', '所有制性质', '是否机关、事业单位', '性别', '工会职务', '干部级别', '是否工会领导机关干部', '是否一线职工', '从事工会工作年限', '申报单位'], { 序号: 8, 对象类型: 22 }),
      rows: info,
    },
  ]);
  return { fileName: `${campaign.heading}-${org.name}-汇总表.xlsx`, contentType: xlsxContentType, base64: bytes.toString('base64'), rows: basic.length };
}
