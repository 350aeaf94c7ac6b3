import { officialCalendar } from '../../../shared/calendar';
import { createTestTable, type TestTable } from '../../support/dynamo';
import { putWorkItem, remindWaitingWork, workingDaysWaited } from '../../../functions/notify/work-items';
import { dispatchDueNotices } from '../../../functions/notify/dispatcher';
import { readInbox } from '../../../functions/notify/inbox';

let table: TestTable;
const calendar = officialCalendar();
beforeAll(async () => {
  table = await createTestTable({ seed: true });
});
afterAll(() => table.drop());

const at = (iso: string) => new Date(iso);

describe('reminders of waiting work, in official working days', () => {
  it('counts full working days waited across the National Day holiday and its make-up day', () => {
    // Arrived 09-29 10:00; by 10-12 the full working days are 09-30, 10-08, 10-09, 10-10 (a make-up Saturday).
    expect(workingDaysWaited(calendar, at('2026-09-29T10:00:00+08:00'), at('2026-10-12T09:00:00+08:00'))).toBe(4);
    expect(workingDaysWaited(calendar, at('2026-09-29T10:00:00+08:00'), at('2026-10-08T23:00:00+08:00'))).toBe(1);
  });

  it('reminds each reviewer once per threshold, even when two clock runs overlap', async () => {
    const reviewer = 'staff-dist-jiefang';
    await putWorkItem(table.db, table.tableName, { workId: 'review-1', what: '云台新材料有限公司工会的申报', assigneeIds: [reviewer], since: at('2026-09-29T10:00:00+08:00').toISOString() });
    const thresholds = [3, 5, 10];

    expect(await remindWaitingWork(table.db, table.tableName, calendar, thresholds, at('2026-10-08T12:00:00+08:00'))).toBe(0);

    const day = at('2026-10-12T09:00:00+08:00'); // 4 working days: the 3-day threshold
    const [first, second] = await Promise.all([
      remindWaitingWork(table.db, table.tableName, calendar, thresholds, day),
      remindWaitingWork(table.db, table.tableName, calendar, thresholds, day),
    ]);
    expect(first + second).toBe(1);
    expect(await remindWaitingWork(table.db, table.tableName, calendar, thresholds, at('2026-10-12T17:00:00+08:00'))).toBe(0);

    expect(await remindWaitingWork(table.db, table.tableName, calendar, thresholds, at('2026-10-14T09:00:00+08:00'))).toBe(1); // 6 days: 5
    await dispatchDueNotices({ db: table.db, table: table.tableName, stage: 'local' }, at('2026-10-14T09:01:00+08:00'));
    const inbox = await readInbox(table.db, table.tableName, reviewer);
    expect(inbox.notices.map((n) => n.body)).toEqual(['云台新材料有限公司工会的申报已等待 6 个工作日，请尽快处理。', '云台新材料有限公司工会的申报已等待 4 个工作日，请尽快处理。']);
  });
});
