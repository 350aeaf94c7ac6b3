/**
 * `npm run bench`: figures and ratios, printed — never a pass/fail timing test. Builds what it measures when
 * the build is missing (the weapp, the Lambda packages).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { weappDir, weappSizes } from '../../scripts/weapp-size';
import { benchAppraisal, benchAppraisalOpening } from './appraisal';
import { benchBundleSizes } from './bundle-size';
import { benchCalendar, benchProvisionalCalendar } from './calendar';
import { benchCampaign } from './campaign';
import { benchColdStart, packageLambdas } from './cold-start';
import { benchNationalDay } from './national-day';
import { benchRecheck } from './recheck';
import { benchRosterImport } from './roster-import';
import { benchRules } from './rules';

export interface Figure {
  label: string;
  value: number;
  unit: string;
}

const root = resolve(__dirname, '..', '..');
const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
// The Lambdas packaged by the Sizes section, loaded again by the Cold start section (packaged there when run alone).
let packaged: string | undefined;

function sizeFigures(): Figure[] {
  if (!existsSync(join(weappDir, 'app.json')) || process.argv.includes('--rebuild')) {
    execFileSync('npm', ['run', 'build:weapp'], { cwd: root, stdio: 'ignore' });
  }
  const weapp = weappSizes();
  const figures: Figure[] = [
    { label: 'weapp main package', value: kb(weapp.mainBytes), unit: 'KB' },
    { label: 'weapp main package / 1 MB target', value: Math.round((weapp.mainBytes / (1024 * 1024)) * 1000) / 1000, unit: 'ratio' },
    { label: 'weapp total (all packages)', value: kb(weapp.totalBytes), unit: 'KB' },
  ];
  for (const [sub, bytes] of Object.entries(weapp.subPackages)) figures.push({ label: `weapp subpackage ${sub}`, value: kb(bytes), unit: 'KB' });

  const out = packageLambdas();
  packaged = out;
  for (const zip of readdirSync(out).filter((f) => f.endsWith('.zip')).sort()) {
    figures.push({ label: `Lambda bundle ${zip.replace(/\.zip$/, '')} (zipped; source map included except roster)`, value: kb(statSync(join(out, zip)).size), unit: 'KB' });
  }
  return figures;
}

async function main(): Promise<void> {
  const sections: [string, () => Promise<Figure[]> | Figure[]][] = [
    ['Sizes', sizeFigures],
    // BENCH_ONLY=cold: issue 18's 60 ms budget, each packaged function's handler loaded in fresh processes.
    ['Cold start (packaged Lambdas, SDK from node_modules)', () => benchColdStart(packaged)],
    ['Rules engine', async () => [...(await benchBundleSizes()), ...(await benchRules())]],
    ['Working-day calendar', benchCalendar],
    ['Provisional calendar: the cost of caution', benchProvisionalCalendar],
    ['Member appraisal (ballots)', benchAppraisal],
    ['Member appraisal: opening a ballot at scale', benchAppraisalOpening],
    ['Recommending lists (campaign)', benchCampaign],
    // BENCH_ONLY=roster: issue 18 point 3, a 100,000-row import and the statistics from the counters.
    ['Roster import of 100,000 rows', benchRosterImport],
    ['Yearly re-check (复查) of 10,000 honours', benchRecheck],
    // BENCH_ONLY=national: issue 18 point 6, one 8-million-member city's day of votes replayed (README: "A national 会员评家 day").
    ['A national 会员评家 day: one city replayed', benchNationalDay],
  ];
  // BENCH_ONLY=appraisal (any part of a title, case-insensitive) runs only the matching sections.
  const only = process.env.BENCH_ONLY?.toLowerCase();
  for (const [title, measure] of sections.filter(([name]) => !only || name.toLowerCase().includes(only))) {
    process.stdout.write(`\n${title}\n`);
    for (const figure of await measure()) {
      process.stdout.write(`  ${figure.label.padEnd(60)} ${String(figure.value).padStart(12)} ${figure.unit}\n`);
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
