import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * `npm start` as a user runs it (without the H5 build, which the e2e tests cover): it comes up and says so,
 * Ctrl-C stops every process it started, and a second start keeps the data and the keys. ZHIJIA_CLOCK_AT runs
 * the product at another instant.
 */
jest.setTimeout(180_000);

const root = resolve(__dirname, '..', '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'zhijia-start-'));
const ports = { DYNAMODB_PORT: '8310', API_PORT: '3310', LAMBDA_PORT: '3312', WECHAT_STANDIN_PORT: '3399' };

function start(extraEnv: Record<string, string> = {}): { child: ChildProcess; output: () => string; ready: Promise<void> } {
  // As package.json's start script runs it: one node process with tsx as its loader (no tsx CLI in between).
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: root,
    env: { ...process.env, ...ports, DATA_DIR: dataDir, SKIP_H5: '1', CLOCK_INTERVAL_SECONDS: '5', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
    // A process group of its own, as a terminal gives a command: Ctrl-C signals the whole group (below).
    detached: true,
  });
  let text = '';
  child.stdout?.on('data', (c: Buffer) => (text += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (text += c.toString()));
  const ready = new Promise<void>((resolvePromise, reject) => {
    const timer = setInterval(() => {
      if (text.includes('本地环境已就绪')) {
        clearInterval(timer);
        resolvePromise();
      }
    }, 200);
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`npm start exited with ${code}:\n${text}`));
    });
  });
  return { child, output: () => text, ready };
}

/**
 * Ctrl-C as a terminal sends it: SIGINT to the foreground process group. (npm start once ran the tsx CLI, which relays
 * a signal to the script and SIGKILLs it when the script does not answer within 30 ms — a busy machine missed that on
 * CI: exit 130, and the stack's children left running. It now runs node with tsx as a loader, one process.)
 */
async function interrupt(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  process.kill(-(child.pid as number), 'SIGINT');
  return exited;
}

const listening = (port: string) =>
  new Promise<boolean>((r) => {
    const socket = connect(Number(port), '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), r(true)));
    socket.once('error', () => r(false));
  });

describe('npm start', () => {
  it('starts the stack, stops every child on Ctrl-C, and keeps the data for the next start', async () => {
    // Both runs at fixed instants of the product's clock (DESIGN.md invariant 12), three hours apart.
    const first = start({ ZHIJIA_CLOCK_AT: '2026-12-14T09:30:00+08:00' });
    await first.ready;
    expect(first.output()).toContain('已写入演示数据');
    expect(first.output()).toMatch(/organiser\s+周立新/);
    const login = await fetch(`http://127.0.0.1:${ports.API_PORT}/v1/auth/demo-login`, { method: 'POST', body: JSON.stringify({ identity: 'chair-1' }) });
    const { token } = (await login.json()) as { token: string };
    expect(login.status).toBe(200);

    expect(await interrupt(first.child)).toBe(0);
    for (const port of Object.values(ports)) expect(await listening(port)).toBe(false);

    // The second start runs three hours later (a session token lives 12 hours: the first run's must still be valid).
    const clockAt = new Date('2026-12-14T12:30:00+08:00');
    const second = start({ ZHIJIA_CLOCK_AT: clockAt.toISOString() });
    await second.ready;
    expect(second.output()).toContain('演示数据已存在，保留原有数据');
    expect(second.output()).toContain('产品时钟（ZHIJIA_CLOCK_AT）：北京时间 ');
    // The session key was kept too: a token from the first run is still accepted.
    const me = await fetch(`http://127.0.0.1:${ports.API_PORT}/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    // Every function runs at the chosen instant, and its clock runs on from there.
    const health = (await (await fetch(`http://127.0.0.1:${ports.API_PORT}/v1/health`)).json()) as { time: string };
    const sinceClockAt = Date.parse(health.time) - clockAt.getTime();
    expect(sinceClockAt).toBeGreaterThanOrEqual(0);
    expect(sinceClockAt).toBeLessThan(180_000);
    expect(await interrupt(second.child)).toBe(0);
  });
});
