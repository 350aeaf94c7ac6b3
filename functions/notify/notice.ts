/** A notice to one person about one event; `eventId:recipientId` is its identity, so it exists at most once. */
export interface NoticeDraft {
  /** Names the event (e.g. `application#a1#returned#3`): the same event never notifies the same person twice. */
  eventId: string;
  recipientId: string;
  templateKey: string;
  params: Record<string, string>;
}

export const noticeIdOf = (draft: Pick<NoticeDraft, 'eventId' | 'recipientId'>): string => `${draft.eventId}:${draft.recipientId}`;

export type OutboxStatus = 'pending' | 'delivered' | 'dead';
export type WeChatState = 'pending' | 'sending' | 'sent' | 'refused' | 'rejected' | 'skipped';
