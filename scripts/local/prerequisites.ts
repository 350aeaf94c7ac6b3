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
export function ensureSystemPackages(which: (keyof typeof needs)[]): void {
  const missing = which.map((key) => needs[key]).filter((need) => !need.present());
  if (missing.length === 0) return;
  const packages = missing.flatMap((need) => need.debianPackages);
  const command = `apt-get update && apt-get install -y ${packages.join(' ')}`;
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get']).status === 0;
  if (!isRoot || !hasApt) {
    process.stderr.write(`缺少：${missing.map((n) => n.what).join('、')}。请先运行：\n  sudo ${command}\n`);
    process.exit(1);
  }
  process.stdout.write(`正在安装缺少的系统软件包：${packages.join(' ')}（${missing.map((n) => n.what).join('、')}）…\n`);
  execFileSync('sh', ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${packages.join(' ')}`], { stdio: 'inherit' });
  const still = missing.filter((need) => !need.present());
  if (still.length > 0) throw new Error(`Installing ${packages.join(' ')} did not provide: ${still.map((n) => n.what).join(', ')}`);
}
