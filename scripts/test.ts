/**
 * `npm test`: every test — unit, integration (DynamoDB Local + the WeChat stand-in) and end-to-end (the H5 build in
 * Chromium) — after making sure the system packages they need are there. Ends with one line
 * "tests: N passed, N failed" for CI. Extra arguments go to one jest run as given (e.g.
 * `npm test -- test/unit/rules --selectProjects unit`).
 *
 * Without arguments the projects run in three phases, each with the workers it can use: unit and weapp side by side,
 * then integration with one worker per core (each file has a DynamoDB Local of its own, whose single SQLite thread
 * is what an integration file mostly waits on), then the browser tests one at a time (they share one local stack).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { ensureSystemPackages } from './local/prerequisites';

const root = join(__dirname, '..');
const artifacts = join(root, 'test', 'artifacts');
const resultsFile = join(artifacts, 'jest-results.json');

interface JestResults {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numRuntimeErrorTestSuites: number;
  testResults: unknown[];
}

ensureSystemPackages(['java', 'chromium', 'cjkFonts']);
mkdirSync(artifacts, { recursive: true });
rmSync(resultsFile, { force: true });

const cores = availableParallelism();
const extra = process.argv.slice(2);
const phases: { name: string; args: string[] }[] = extra.length
  ? [{ name: 'selected', args: extra }]
  : [
      { name: 'unit, weapp', args: ['--selectProjects', 'unit', 'weapp', `--maxWorkers=${Math.max(1, cores)}`] },
      { name: 'integration', args: ['--selectProjects', 'integration', `--maxWorkers=${Math.max(1, Math.min(cores, 4))}`] },
      { name: 'e2e', args: ['--selectProjects', 'e2e', '--maxWorkers=1'] },
    ];

const jest = join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const combined: JestResults = { numPassedTests: 0, numFailedTests: 0, numPendingTests: 0, numRuntimeErrorTestSuites: 0, testResults: [] };
let status = 0;
for (const [n, phase] of phases.entries()) {
  const phaseFile = join(artifacts, `jest-results-${n}.json`);
  rmSync(phaseFile, { force: true });
  const started = performance.now();
  if (phases.length > 1) process.stdout.write(`\n== tests: ${phase.name}\n`);
  const run = spawnSync(process.execPath, [jest, '--ci', '--json', `--outputFile=${phaseFile}`, ...phase.args], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  if (phases.length > 1) process.stdout.write(`== tests: ${phase.name} took ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  if (run.status !== 0) status = run.status ?? 1;
  if (!existsSync(phaseFile)) {
    combined.numRuntimeErrorTestSuites += 1; // jest itself did not finish
    continue;
  }
  const results = JSON.parse(readFileSync(phaseFile, 'utf8')) as JestResults;
  rmSync(phaseFile, { force: true });
  combined.numPassedTests += results.numPassedTests;
  combined.numFailedTests += results.numFailedTests;
  combined.numPendingTests += results.numPendingTests;
  combined.numRuntimeErrorTestSuites += results.numRuntimeErrorTestSuites;
  combined.testResults.push(...results.testResults);
}
writeFileSync(resultsFile, JSON.stringify(combined));

const failed = combined.numFailedTests + combined.numRuntimeErrorTestSuites;
process.stdout.write(`\ntests: ${combined.numPassedTests} passed, ${failed} failed${combined.numPendingTests ? `, ${combined.numPendingTests} skipped` : ''}\n`);
process.exit(status !== 0 ? status : failed > 0 ? 1 : 0);
