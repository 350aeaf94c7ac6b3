import type { RosterFile } from '@shared/api/roster';
import { formatShanghaiDate, formatShanghaiDateTime } from '@shared/calendar/shanghai-date';
import type { Org } from '@shared/domain/org';
import { rosterColumns } from '@shared/roster/roster-columns';
import { commitWithNotices } from '../notify/outbox';
import type { Actor } from '../scope/scope';
import { rosterTemplate, rosterSheetName, tableWorkbook, xlsxContentType } from './excel';
import type { RosterDeps } from './import-items';
import { rosterMembers, subOrgsOf, toMemberView } from './roster-store';

const yesNo = (value: boolean | undefined): string => (value ? '是' : '否');

/** GET /v1/roster/template — the import template (.xlsx). */
export async function templateFile(): Promise<RosterFile> {
  return { fileName: '会员名册导入模板.xlsx', contentType: xlsxContentType, contentBase64: (await rosterTemplate()).toString('base64') };
}

/**
 * The roster as .xlsx, members who left included, numbers masked as on screen. The export is audited
 * (roster.exported, with the count) before the file is handed out: no audit, no file.
 */
export async function exportRoster(deps: RosterDeps, actor: Actor, union: Org): Promise<RosterFile> {
  const now = deps.now();
  const [members, subOrgs] = await Promise.all([rosterMembers(deps.db, deps.table, union.orgId), subOrgsOf(deps.db, deps.table, union)]);
  const names = new Map(subOrgs.map((s) => [s.orgId, s.name]));
  const views = members
    .map((m) => toMemberView(deps.cipher, m, names))
    .sort((a, b) => Number(a.status === 'left') - Number(b.status === 'left') || (a.employeeNo ?? '').localeCompare(b.employeeNo ?? '') || a.name.localeCompare(b.name, 'zh-CN'));
  const rows = views.map((m) => [
    m.name,
    m.employeeNo ?? '',
    m.gender === 'female' ? '女' : m.gender === 'male' ? '男' : '',
    m.phoneMasked ?? '',
    m.idNumberMasked ?? '',
    m.subOrgName ?? '',
    yesNo(m.isMigrantWorker),
    yesNo(m.isDispatchedWorker),
    m.joinedOn,
    m.status === 'left' ? '已退会' : '在册',
    m.leftOn ?? '',
    m.boundAt ? formatShanghaiDateTime(new Date(m.boundAt)) : '',
  ]);
  const columns = [
    ...rosterColumns.map((c) => ({ header: c.header, width: Math.max(12, c.header.length * 2 + 6), text: c.text })),
    { header: '状态', width: 10 },
    { header: '退会日期', width: 14 },
    { header: '网上入会（绑定微信）时间', width: 24 },
  ];
  const file = await tableWorkbook(rosterSheetName, columns, rows);
  await commitWithNotices(
    deps.db,
    deps.table,
    {
      writes: [],
      audit: [
        {
          subjectType: 'roster',
          subjectId: union.orgId,
          scopePath: union.path,
          action: 'roster.exported',
          actor: { memberId: actor.memberId, role: actor.role },
          data: { members: rows.length, active: views.filter((v) => v.status === 'active').length, masked: true },
        },
      ],
    },
    now,
  );
  return { fileName: `${union.name}会员名册-${formatShanghaiDate(now)}.xlsx`, contentType: xlsxContentType, contentBase64: file.toString('base64') };
}
