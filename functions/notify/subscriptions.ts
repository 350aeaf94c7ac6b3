import { UpdateCommand, type DynamoDBDocumentClient } from '../storage/document-client';
import { noticeTemplates, type NoticeTemplate } from '@config/notice-templates';
import { systemNow } from '../time/clock';

/** A member's one-time grants for one template, as wx.requestSubscribeMessage reported them. */
export const grantKey = (memberId: string, templateKey: string) => ({ pk: `MEMBER#${memberId}`, sk: `SUBSCRIBE#${templateKey}` });

const templateIdOf = (template: NoticeTemplate, stage: string): string =>
  template.wechat ? (stage === 'prod' ? template.wechat.templateIds.prod : template.wechat.templateIds.local) : '';

/** The templates to ask for at a moment (at most 3, as WeChat allows), with their stage's template ids. */
export function templatesForMoment(moment: string, stage: string): { templateKey: string; templateId: string; purpose: string }[] {
  return Object.entries(noticeTemplates as Record<string, NoticeTemplate>)
    .filter(([, t]) => t.moment === moment && templateIdOf(t, stage) !== '')
    .slice(0, 3)
    .map(([templateKey, t]) => ({ templateKey, templateId: templateIdOf(t, stage), purpose: t.purpose ?? t.title }));
}

/**
 * Records what the user answered: each 'accept' adds one one-time grant; 'reject'/'ban' clears them (a refusal is
 * respected: nothing is sent to WeChat for that template until the user accepts again).
 */
export async function recordSubscriptionResults(db: DynamoDBDocumentClient, table: string, memberId: string, stage: string, results: Record<string, string>, now = systemNow()): Promise<{ accepted: number; declined: number }> {
  const byId = new Map(Object.entries(noticeTemplates as Record<string, NoticeTemplate>).map(([key, t]) => [templateIdOf(t, stage), key]));
  let accepted = 0;
  let declined = 0;
  for (const [templateId, answer] of Object.entries(results)) {
    const templateKey = byId.get(templateId);
    if (!templateKey) continue;
    const accept = answer === 'accept';
    // A grant for report notices is asked right after filing: its time would point at the report (DESIGN.md
    // invariant 7), so it keeps none.
    const timeless = templateKey === 'report.statusChanged';
    await db.send(
      new UpdateCommand({
        TableName: table,
        Key: grantKey(memberId, templateKey),
        UpdateExpression: `${accept ? 'ADD remaining :one SET' : 'SET remaining = :zero,'} ${timeless ? '' : 'answeredAt = :now, '}answer = :a`,
        ExpressionAttributeValues: { ...(accept ? { ':one': 1 } : { ':zero': 0 }), ...(timeless ? {} : { ':now': now.toISOString() }), ':a': answer },
      }),
    );
    if (accept) accepted += 1;
    else declined += 1;
  }
  return { accepted, declined };
}
