import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

interface SystemNeed {
  what: string;
  present: () => boolean;
  debianPackages: string[];
}

const needs: Record<'java' | 'chromium' | 'cjkFonts', SystemNeed> = {
  java: { what: 'Java 17（DynamoDB Local 需要）', present: () => spawnSync('java', ['-version']).status === 0, debianPackages: ['default-jre-headless'] },
  chromium: { what: 'Chromium（H5 浏览器测试需要）', present: () => existsSync('/usr/bin/chromium'), debianPackages: ['chromium'] },
  cjkFonts: {
    what: '中文字体 Noto CJK（浏览器中显示中文需要）',
    present: () => existsSync('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc') || spawnSync('sh', ['-c', 'fc-list :lang=zh | grep -q .']).status === 0,
    debianPackages: ['fonts-noto-cjk'],
  },
};

/**
 * Makes sure the system packages are there. As root with apt they are installed, saying so; otherwise the
 * exact command is printed and the process stops.
 */
export type SystemNeedName = keyof typeof needs;

/** What to do about missing needs: install them (root with apt) or tell the user the exact command. */
export function planSystemInstall(missing: SystemNeedName[], host: { isRoot: boolean; hasApt: boolean }): { action: 'none' | 'install' | 'report'; packages: string[]; message: string } {
  if (missing.length === 0) return { action: 'none', packages: [], message: '' };
  const packages = missing.flatMap((name) => needs[name].debianPackages);
  const what = missing.map((name) => needs[name].what).join('、');
  if (host.isRoot && host.hasApt) return { action: 'install', packages, message: `正在安装缺少的系统软件包：${packages.join(' ')}（${what}）…` };
  const command = `sudo apt-get update && sudo apt-get install -y ${packages.join(' ')}`;
  return { action: 'report', packages, message: `缺少：${what}。请先运行：\n  ${command}` };
}

export function ensureSystemPackages(which: SystemNeedName[]): void {
  const missingNames = which.filter((key) => !needs[key].present());
  const missing = missingNames.map((key) => needs[key]);
  const plan = planSystemInstall(missingNames, { isRoot: process.getuid?.() === 0, hasApt: spawnSync('sh', ['-c', 'command -v apt-get']).status === 0 });
  if (plan.action === 'none') return;
  const packages = plan.packages;
  if (plan.action === 'report') {
    process.stderr.write(plan.message + '\n');
    process.exit(1);
  }
  process.stdout.write(plan.message + '\n');
  execFileSync('sh', ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${packages.join(' ')}`], { stdio: 'inherit' });
  const still = missing.filter((need) => !need.present());
  if (still.length > 0) throw new Error(`Installing ${packages.join(' ')} did not provide: ${still.map((n) => n.what).join(', ')}`);
}
