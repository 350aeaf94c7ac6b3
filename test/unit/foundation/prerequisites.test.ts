import { planSystemInstall } from '../../../scripts/local/prerequisites';

describe('system packages for the local stack and the tests', () => {
  it('installs what is missing, saying so, when root with apt', () => {
    const plan = planSystemInstall(['java', 'cjkFonts'], { isRoot: true, hasApt: true });
    expect(plan.action).toBe('install');
    expect(plan.packages).toEqual(['default-jre-headless', 'fonts-noto-cjk']);
    expect(plan.message).toContain('正在安装缺少的系统软件包：default-jre-headless fonts-noto-cjk');
  });

  it('prints the exact install command otherwise', () => {
    const plan = planSystemInstall(['chromium'], { isRoot: false, hasApt: true });
    expect(plan.action).toBe('report');
    expect(plan.message).toContain('sudo apt-get update && sudo apt-get install -y chromium');
    expect(plan.message).toContain('Chromium');
  });

  it('does nothing when nothing is missing', () => {
    expect(planSystemInstall([], { isRoot: false, hasApt: false }).action).toBe('none');
  });
});
