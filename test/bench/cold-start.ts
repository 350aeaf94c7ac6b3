// Bench: each packaged Lambda's cold load (issue 18 point 4, budget 60 ms). Each zip `osls package` wrote is
// unpacked to a temporary folder; a fresh `node` process requires its handler file and reports how long the
// require took; five processes per handler, the median printed with its ratio to the budget. The bundles leave
// `@aws-sdk/*` out (serverless.yml custom.esbuild.exclude: the nodejs runtime ships SDK v3), so the child finds
// the SDK through NODE_PATH in this repo's node_modules, as Lambda's runtime finds its own through NODE_PATH. Only
// KMS, S3 and SSM still come from it, loaded on their first use; DynamoDB goes through functions/storage.
// Wall time is the budget's measure; CPU time is printed beside it because on a busy machine it varies less.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import type { Figure } from './run';

const root = resolve(__dirname, '..', '..');
export const coldStartBudgetMs = 60;
const runs = 5;

/** Every file of a zip (stored or deflated, as osls writes them) written under `into`. */
export function unzip(zipFile: string, into: string): void {
  const zip = readFileSync(zipFile);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error(`${zipFile}: no end of central directory`);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < count; i += 1) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const local = zip.readUInt32LE(at + 42);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    if (name.endsWith('/')) continue;
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + size);
    const target = join(into, name);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, method === 8 ? inflateRawSync(data) : data);
  }
}

// The child: one require of the file, timed from just before to just after (wall and CPU time of the process).
const child = `const t0 = performance.now(); const c0 = process.cpuUsage(); require(process.argv[1]);
const c = process.cpuUsage(c0); process.stdout.write(JSON.stringify([performance.now() - t0, (c.user + c.system) / 1000]));`;

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/** The median time, over five fresh processes, one require of `file` takes: wall clock, and the CPU it used. */
export function coldLoadMs(file: string): { wall: number; cpu: number } {
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const out = execFileSync(process.execPath, ['-e', child, file], {
      cwd: dirname(file),
      env: { PATH: process.env.PATH, NODE_PATH: join(root, 'node_modules'), AWS_REGION: 'cn-north-1' },
      encoding: 'utf8',
    });
    const [wall, cpu] = JSON.parse(out) as [number, number];
    walls.push(wall);
    cpus.push(cpu);
  }
  return { wall: median(walls), cpu: median(cpus) };
}

const oneDecimal = (ms: number): number => Math.round(ms * 10) / 10;

/** `osls package --stage prod` into a new temporary folder; its path. */
export function packageLambdas(): string {
  const out = mkdtempSync(join(tmpdir(), 'zhijia-bench-package-'));
  const osls = join(dirname(require.resolve('osls/package.json')), 'bin', 'serverless.js');
  execFileSync(process.execPath, [osls, 'package', '--stage', 'prod', '--package', out], { cwd: root, stdio: 'ignore', env: { ...process.env, SLS_TELEMETRY_DISABLED: '1' } });
  return out;
}

/**
 * Each zip in `packageDir` (packaged now when not given) unpacked and its handler timed, the vote path's function
 * first. The floor is a file that only requires what the project's DynamoDB client loads (node:https and
 * node:crypto), which every function loads at start: what no bundle can go below on the machine that runs the
 * bench. Beside it, for comparison, the AWS SDK's DynamoDB client and document client alone, which the functions
 * loaded until functions/storage/document-client.ts replaced them.
 */
export function benchColdStart(packageDir: string = packageLambdas()): Figure[] {
  const unpacked = mkdtempSync(join(tmpdir(), 'zhijia-bench-cold-'));
  try {
    const floorFile = join(unpacked, 'floor.js');
    writeFileSync(floorFile, `require('node:https');\nrequire('node:http');\nrequire('node:crypto');\n`);
    const sdkFile = join(unpacked, 'sdk.js');
    writeFileSync(sdkFile, `require('@aws-sdk/client-dynamodb');\nrequire('@aws-sdk/lib-dynamodb');\n`);
    const floor = coldLoadMs(floorFile);
    const sdk = coldLoadMs(sdkFile);
    const figures: Figure[] = [
      { label: `budget per function (median of ${runs} fresh processes)`, value: coldStartBudgetMs, unit: 'ms' },
      // Wall time on a shared machine grows with its load; CPU time much less so.
      { label: 'machine load at the start (1-minute average, cores busy)', value: Math.round((loadavg()[0] ?? 0) * 10) / 10, unit: 'processes' },
      { label: 'floor: node:https + node:http + node:crypto (the DynamoDB client\'s needs)', value: oneDecimal(floor.wall), unit: `ms  (cpu ${oneDecimal(floor.cpu)} ms)  ${(floor.wall / coldStartBudgetMs).toFixed(2)} × budget` },
      { label: 'for comparison: the AWS SDK\'s client-dynamodb + lib-dynamodb alone', value: oneDecimal(sdk.wall), unit: `ms  (cpu ${oneDecimal(sdk.cpu)} ms)  ${(sdk.wall / coldStartBudgetMs).toFixed(2)} × budget, no longer loaded` },
    ];
    const zips = readdirSync(packageDir).filter((f) => f.endsWith('.zip')).map((f) => f.replace(/\.zip$/, ''));
    zips.sort((a, b) => (a === 'vote' ? -1 : b === 'vote' ? 1 : a.localeCompare(b)));
    let worst = 0;
    for (const name of zips) {
      const dir = join(unpacked, name);
      unzip(join(packageDir, `${name}.zip`), dir);
      // One handler file per zip (identityAccess ships functions/handlers/identity-access.js).
      const handlers = join(dir, 'functions', 'handlers');
      const file = readdirSync(handlers).find((f) => f.endsWith('.js'));
      if (!file) throw new Error(`${name}.zip holds no handler file`);
      const load = coldLoadMs(join(handlers, file));
      worst = Math.max(worst, load.wall);
      figures.push({
        label: `cold load ${name}${name === 'vote' ? ' (the vote path)' : ''}`,
        value: oneDecimal(load.wall),
        unit: `ms  (cpu ${oneDecimal(load.cpu)} ms, ${oneDecimal(load.cpu - floor.cpu)} above the floor's)  ${(load.wall / coldStartBudgetMs).toFixed(2)} × budget`,
      });
    }
    figures.push({ label: `slowest cold load / ${coldStartBudgetMs} ms budget`, value: Math.round((worst / coldStartBudgetMs) * 100) / 100, unit: 'ratio' });
    return figures;
  } finally {
    rmSync(unpacked, { recursive: true, force: true });
  }
}

if (require.main === module) {
  for (const figure of benchColdStart(process.argv[2])) process.stdout.write(`  ${figure.label.padEnd(60)} ${String(figure.value).padStart(12)} ${figure.unit}\n`);
}
