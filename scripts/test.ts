/**
 * `npm test`: every test — unit, integration (DynamoDB Local + the WeChat stand-in) and end-to-end (the H5 build in
 * Chromium) — after making sure the system packages they need are there. Ends with one line
 * "tests: N passed, N failed" for CI. Extra arguments go to jest (e.g. `npm test -- --selectProjects unit`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureSystemPackages } from './local/prerequisites';

const root = join(__dirname, '..');
const artifacts = join(root, 'test', 'artifacts');
const resultsFile = join(artifacts, 'jest-results.json');

ensureSystemPackages(['java', 'chromium', 'cjkFonts']);
mkdirSync(artifacts, { recursive: true });
rmSync(resultsFile, { force: true });

const jest = join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const run = spawnSync(process.execPath, [jest, '--ci', '--json', `--outputFile=${resultsFile}`, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
});

if (!existsSync(resultsFile)) {
  process.stdout.write('tests: 0 passed, 1 failed\n');
  process.exit(run.status ?? 1);
}
const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numRuntimeErrorTestSuites: number };
const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
process.stdout.write(`\ntests: ${results.numPassedTests} passed, ${failed} failed${results.numPendingTests ? `, ${results.numPendingTests} skipped` : ''}\n`);
process.exit(run.status ?? (failed > 0 ? 1 : 0));
