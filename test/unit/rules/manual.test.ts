import { rulesetIds, rulesets } from '@config/rulesets';
import { citationText, type Facts } from '@shared/rules';
import { nomineeKindOf, resultFor } from './helpers';

/**
 * Conditions a machine cannot judge stay in the result as `manual`, each with its article: never dropped,
 * never passed silently. An applicant who declares "does not meet" fails them.
 */

const cases = rulesetIds.flatMap((id) =>
  rulesets[id].conditions
    .filter((c) => c.kind === 'manual')
    .map((c) => ({ id, condition: c, name: `${citationText(c.citation)}: ${c.description}` })),
);

it.each(cases)('$name — reviewer confirms', ({ id, condition }) => {
  const title = condition.titles[0];
  if (!title) throw new Error('condition without title');
  const nominee: Facts['nominee'] = { kind: nomineeKindOf(title) };
  if (condition.appliesWhen) Object.assign(nominee, { [condition.appliesWhen.fact]: condition.appliesWhen.anyOf[0] });

  const pending = resultFor(id, title, condition.id, { nominee });
  expect(pending.status).toBe('manual');
  expect(pending.explanation).toBe('需审核人根据申报材料确认');

  const attested = resultFor(id, title, condition.id, { nominee, attestations: { [condition.id]: true } });
  expect(attested).toMatchObject({ status: 'manual', explanation: '申报方已声明符合，需审核人根据申报材料确认' });

  const declined = resultFor(id, title, condition.id, { nominee, attestations: { [condition.id]: false } });
  expect(declined.status).toBe('fail');
});

it('京工发〔2021〕19号 第十三条: consulting regulators binds enterprises only', () => {
  const result = resultFor('beijing-2021', 'modelHome', 'procedure.consultRegulators', { nominee: { kind: 'org', orgKind: 'institution' } });
  expect(result.status).toBe('pass');
  expect(result.explanation).toBe('不适用：本条仅适用于企业和企业负责人');
});
