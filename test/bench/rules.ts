// Bench: how fast the rules engine judges applications (the live eligibility check runs on every edit of an
// application, and a reviewer's quota board checks whole lists).
import { rulesetIds, rulesets } from '@config/rulesets';
import {
  checkList,
  evaluateEligibility,
  rulesetSchema,
  type Facts,
  type ListItem,
  type Ruleset,
  type TitleCode,
} from '@shared/rules';

export interface BenchResult {
  label: string;
  value: number;
  unit: string;
}

const APPLICATIONS = 10_000;
const YEAR = 2024;

/** A fixed LCG, so every run judges the same applications and figures compare across runs. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

interface Application {
  ruleset: Ruleset;
  title: TitleCode;
  facts: Facts;
}

/** Applications spread over every ruleset and title, with realistic figures and a few gaps. */
function applications(count: number): Application[] {
  const next = random(20241009);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
  const rate = () => Math.round((0.85 + next() * 0.15) * 1000) / 1000;
  const yearly = () => (next() < 0.05 ? undefined : { [YEAR - 2]: rate(), [YEAR - 1]: rate(), [YEAR]: rate() });
  const all = rulesetIds.map((id) => rulesets[id]);
  return Array.from({ length: count }, () => {
    const ruleset = pick(all);
    const offer = pick(ruleset.titles);
    const barring: Record<string, boolean> = {};
    for (const list of ruleset.negativeLists) for (const item of list.items) barring[item.id] = next() < 0.02;
    const facts: Facts = {
      nominee: {
        kind: offer.nominee,
        orgKind: pick(['enterprise', 'institution', 'governmentOrgan', 'township'] as const),
        ownership: pick(['public', 'nonPublic'] as const),
        isOrganOrInstitution: next() < 0.2,
        isVeryLargeGroup: next() < 0.05,
        cadreLevel: pick(['none', 'section', 'county', 'bureau'] as const),
        isLeadingBodyCadre: next() < 0.1,
        role: pick(['chair', 'viceChair', 'other'] as const),
        isMemberRepresentative: next() < 0.8,
        yearsOfUnionWork: Math.floor(next() * 10),
      },
      membershipRate: yearly(),
      memberInfoCollectionRate: yearly(),
      onlineUnionEnrolmentRate: { [YEAR]: next() < 0.7 ? 1 : 0.98 },
      memberAppraisalSatisfaction: yearly(),
      hotline12351OnTimeRate: yearly(),
      hotline12351SatisfactionRate: yearly(),
      chairEvaluationGrade: { [YEAR - 2]: 'satisfied', [YEAR - 1]: pick(['satisfied', 'basicallySatisfied'] as const), [YEAR]: 'satisfied' },
      congressYesShare: rate(),
      titledSecondLevelUnitShare: next(),
      titlesHeld: next() < 0.5 ? [] : [{ title: offer.title, level: pick(['county', 'city', 'provincial'] as const), year: 2019 }],
      barringCircumstances: barring,
      narrative: '事'.repeat(Math.floor(next() * 2200)),
      summary: '迹'.repeat(Math.floor(next() * 550)),
    };
    return { ruleset, title: offer.title, facts };
  });
}

/** Lists of 20 nominees for Jiaozuo's recommending units, the ruleset with the most list rules. */
function lists(count: number): { unit: string; items: ListItem[] }[] {
  const next = random(20181020);
  const ruleset = rulesets['jiaozuo-2018'];
  const units = ruleset.quotas.flatMap((q) => (q.kind === 'table' ? q.table.units.map((u) => u.unit) : []));
  return Array.from({ length: count }, (_, n) => ({
    unit: units[n % units.length] ?? '市直',
    items: Array.from({ length: 20 }, (_, i) => ({
      id: `${n}-${i}`,
      title: ruleset.titles[Math.floor(next() * ruleset.titles.length)]?.title ?? 'modelHome',
      applyingUnit: `单位${Math.floor(next() * 10)}`,
      ownership: next() < 0.5 ? ('nonPublic' as const) : ('public' as const),
      isLeadingBodyCadre: next() < 0.1,
    })),
  }));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export async function benchRules(): Promise<BenchResult[]> {
  const parseStarted = performance.now();
  for (const id of rulesetIds) rulesetSchema.parse(rulesets[id]);
  const parseMs = performance.now() - parseStarted;

  const apps = applications(APPLICATIONS);
  for (const app of apps.slice(0, 500)) evaluateEligibility(app.ruleset, app.title, app.facts, { year: YEAR }); // warm-up
  const rounds: number[] = [];
  let conditions = 0;
  for (let round = 0; round < 5; round++) {
    conditions = 0;
    const started = performance.now();
    for (const app of apps) conditions += evaluateEligibility(app.ruleset, app.title, app.facts, { year: YEAR }).results.length;
    rounds.push(performance.now() - started);
  }
  const evalMs = median(rounds);

  const jz = rulesets['jiaozuo-2018'];
  const campaign = { year: 2018, titles: jz.titles.map((t) => t.title) };
  const sampleLists = lists(1000);
  const listStarted = performance.now();
  for (const list of sampleLists) checkList(jz, campaign, { name: list.unit, kind: 'districtFederation' }, list.items);
  const listMs = performance.now() - listStarted;

  return [
    { label: 'rules: parse all 5 rulesets through the schema', value: Number(parseMs.toFixed(2)), unit: 'ms' },
    { label: `rules: evaluate ${APPLICATIONS.toLocaleString('en')} applications (median of 5)`, value: Number(evalMs.toFixed(1)), unit: 'ms' },
    { label: 'rules: applications evaluated per second', value: Math.round((APPLICATIONS / evalMs) * 1000), unit: 'applications/s' },
    { label: 'rules: condition results per application (mean)', value: Number((conditions / APPLICATIONS).toFixed(1)), unit: 'results' },
    { label: 'rules: checkList, 1,000 lists of 20 nominees (焦作)', value: Number(listMs.toFixed(1)), unit: 'ms' },
  ];
}
