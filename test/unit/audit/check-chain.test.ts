import type { AuditEvent } from '../../../shared/audit/audit-event';
import { auditEventHash, genesisHash } from '../../../functions/audit/audit-hash';
import { eventItem, headItem } from '../../../functions/audit/audit-items';
import { checkChain } from '../../../functions/audit/verify-chain';

type Item = Record<string, unknown>;
const subject = 'application#app-1';

/** The stored items of a chain of `n` events, built as the trail builds them. */
function chain(n: number, subjectId = 'app-1'): Item[] {
  const events: AuditEvent[] = [];
  let prevHash = genesisHash;
  for (let seq = 1; seq <= n; seq += 1) {
    const unhashed = {
      subjectType: 'application',
      subjectId,
      scopePath: '/city-jz/dist-jiefang',
      action: 'application.submitted' as const,
      actor: { memberId: 'gu-yuntai-m001', role: 'chair' as const },
      reason: `第 ${seq} 次`,
      seq,
      at: `2026-11-2${seq}T08:00:00.000Z`,
      prevHash,
    };
    const event = { ...unhashed, hash: auditEventHash(unhashed) };
    events.push(event);
    prevHash = event.hash;
  }
  const last = events[events.length - 1];
  return [...events.map(eventItem), ...(last ? [headItem(last)] : [])];
}

const withEvent = (items: Item[], seq: number, change: (item: Item) => Item): Item[] =>
  items.map((item) => (item.sk === `EVENT#${String(seq).padStart(10, '0')}` ? change(item) : item));

describe('checking one chain', () => {
  it('passes an intact chain, whatever order its items come in', () => {
    expect(checkChain(subject, chain(4).reverse())).toEqual({ events: 4 });
  });

  it('names an edited event by its seq', () => {
    const items = withEvent(chain(4), 3, (item) => ({ ...item, reason: '已改' }));
    expect(checkChain(subject, items).broken).toEqual({ subject, seq: 3, problem: '第 3 条记录的哈希值与内容不符（记录被改动）' });
  });

  it('names the next link when an edited event was given a recomputed hash', () => {
    const items = withEvent(chain(4), 2, (item) => {
      const forged = { ...item, reason: '已改' };
      return { ...forged, hash: auditEventHash(forged) };
    });
    expect(checkChain(subject, items).broken).toMatchObject({ seq: 3, problem: '第 3 条记录的前序哈希与第 2 条记录的哈希不符（第 2 条记录被改动或链条被改接）' });
  });

  it('names the first missing event, and a missing tail by the head', () => {
    const items = chain(5);
    expect(checkChain(subject, items.filter((i) => i.sk !== 'EVENT#0000000002' && i.sk !== 'EVENT#0000000004')).broken).toMatchObject({ seq: 2, problem: '第 2 条记录缺失（记录被删除）' });
    expect(checkChain(subject, items.filter((i) => i.sk !== 'EVENT#0000000005')).broken).toMatchObject({ seq: 5, problem: '第 5 条记录缺失（链尾记录被删除）' });
  });

  it('finds a first event that does not start from the genesis hash', () => {
    const items = withEvent(chain(2), 1, (item) => {
      const forged = { ...item, prevHash: 'f'.repeat(64) };
      return { ...forged, hash: auditEventHash(forged) };
    });
    expect(checkChain(subject, items).broken).toMatchObject({ seq: 1, problem: '第 1 条记录的前序哈希不是起始值（链条被改接）' });
  });

  it('finds an event copied in from another subject’s chain', () => {
    const foreign = chain(2, 'app-2').find((i) => i.sk === 'EVENT#0000000002') as Item;
    const items = [...chain(2).filter((i) => i.sk !== 'EVENT#0000000002'), { ...foreign, pk: 'AUDIT#application#app-1' }];
    expect(checkChain(subject, items).broken).toMatchObject({ seq: 2, problem: '第 2 条记录的序号或所属对象与其位置不符（记录被改动或挪动）' });
  });

  it('finds an event stripped of a required field', () => {
    const items = withEvent(chain(2), 2, ({ actor: _actor, ...rest }) => rest);
    expect(checkChain(subject, items).broken).toMatchObject({ seq: 2, problem: '第 2 条记录内容不完整或格式不符（记录被改动）' });
  });

  it('finds a head that was removed, moved back or given another hash', () => {
    const items = chain(3);
    const head = items.find((i) => i.sk === 'HEAD') as Item;
    const others = items.filter((i) => i !== head);
    expect(checkChain(subject, others).broken).toMatchObject({ seq: 3, problem: '缺少链头记录（链头被删除）' });
    expect(checkChain(subject, [...others, { ...head, seq: 2 }]).broken).toMatchObject({ seq: 3, problem: '链头记录停在第 2 条，与最后一条记录（第 3 条）不符（链头被改动）' });
    expect(checkChain(subject, [...others, { ...head, hash: genesisHash }]).broken).toMatchObject({ seq: 3, problem: '链头记录的哈希与第 3 条记录不符（链头被改动）' });
  });
});
