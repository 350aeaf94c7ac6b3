import { weappSizes } from '../../scripts/weapp-size';

/*
 * What WeChat accepts for upload: a main package of at most 2 MB and every subpackage of at most 2 MB (20 MB in all).
 * We keep the main package under 1.5 MB so that the first open on a slow network stays short; `npm run bench` prints
 * the figures, this fails a change that crosses the line (it used to be a step of .ci/run on its own build).
 */
const limits = { mainBytes: 1.5 * 1024 * 1024, subPackageBytes: 2 * 1024 * 1024, totalBytes: 20 * 1024 * 1024 };

describe.each([
  ['local', () => process.env.WEAPP_LOCAL_DIST],
  ['prod', () => process.env.WEAPP_PROD_DIST],
])('the %s weapp build', (_name, dir) => {
  it('fits the sizes WeChat accepts, with the main package under 1.5 MB', () => {
    const folder = dir();
    if (!folder) throw new Error('run with --selectProjects weapp (test/weapp/global-setup.ts builds the mini-program)');
    const sizes = weappSizes(folder);
    expect(sizes.mainBytes).toBeGreaterThan(100 * 1024);
    expect(sizes.mainBytes).toBeLessThanOrEqual(limits.mainBytes);
    expect(Object.keys(sizes.subPackages).sort()).toEqual(['admin/', 'chair/', 'review/']);
    for (const size of Object.values(sizes.subPackages)) expect(size).toBeLessThanOrEqual(limits.subPackageBytes);
    expect(sizes.totalBytes).toBeLessThanOrEqual(limits.totalBytes);
  });
});
