import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repoRoot = join(__dirname, '..', '..');

/** A weapp build's environment: the stage and API base as a release manager would set them. */
export interface WeappBuildEnv {
  TARO_APP_STAGE?: string;
  TARO_APP_API_BASE?: string;
  [name: string]: string | undefined;
}

/**
 * Builds the mini-program for WeChat into `outDir` (never into miniprogram/dist, which the developer and CI use),
 * with only the TARO_APP_* variables given (the shell's are left out, so a developer's own settings cannot leak in).
 * Resolves with the build's output; rejects with it when the build fails.
 */
export async function buildWeapp(outDir: string, env: WeappBuildEnv): Promise<{ stdout: string; stderr: string }> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('TARO_APP_')));
  const taro = join(repoRoot, 'node_modules', '.bin', 'taro');
  return run(taro, ['build', '--type', 'weapp'], {
    cwd: join(repoRoot, 'miniprogram'),
    env: { ...base, NODE_ENV: 'production', ...env, ZHIJIA_TARO_OUTPUT: outDir },
    maxBuffer: 64 * 1024 * 1024,
  });
}
