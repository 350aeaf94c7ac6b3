import { jpegName, jpegSteps, uploadTimeoutMs } from '../../../miniprogram/src/services/transfer-plan';

describe('the timeout of an upload', () => {
  it('gives a small file a minute and a large one time at a slow uplink’s pace, up to ten minutes', () => {
    expect(uploadTimeoutMs(0)).toBe(60_000);
    expect(uploadTimeoutMs(200 * 1024)).toBe(60_000);
    expect(uploadTimeoutMs(4 * 1024 * 1024)).toBe(30_000 + Math.ceil(((4 * 1024 * 1024) / (50 * 1024)) * 1000));
    expect(uploadTimeoutMs(10 * 1024 * 1024)).toBe(234_800);
    expect(uploadTimeoutMs(1024 * 1024 * 1024)).toBe(600_000);
  });
});

describe('the steps of a JPEG re-encoding', () => {
  it('starts at the longest edge allowed, tries three qualities per size, and shrinks by 0.7 down to the smallest useful size', () => {
    const steps = jpegSteps(4000, 3000, { maxEdge: 1280 });
    expect(steps.map((s) => [s.width, s.height])).toEqual([
      [1280, 960], [1280, 960], [1280, 960],
      [896, 672], [896, 672], [896, 672],
      [627, 470], [627, 470], [627, 470],
      [439, 329], [439, 329], [439, 329],
    ]);
    expect(steps.slice(0, 3).map((s) => s.quality)).toEqual([0.82, 0.62, 0.42]);
  });

  it('never enlarges a small picture and still offers it at lower qualities', () => {
    expect(jpegSteps(300, 200, { maxEdge: 1280 })).toEqual([
      { width: 300, height: 200, quality: 0.82 },
      { width: 300, height: 200, quality: 0.62 },
      { width: 300, height: 200, quality: 0.42 },
    ]);
  });

  it('keeps a very long screenshot in proportion and every edge at least 1 px', () => {
    const steps = jpegSteps(1080, 20_000, { maxEdge: 4096, minEdge: 1000 });
    expect(steps[0]).toEqual({ width: 221, height: 4096, quality: 0.82 });
    expect(steps.every((s) => s.width >= 1 && s.height >= 1)).toBe(true);
    expect(Math.max(...steps.map((s) => s.height))).toBe(4096);
    expect(Math.min(...steps.map((s) => s.height))).toBeGreaterThanOrEqual(1000);
  });
});

describe('the name of a re-encoded picture', () => {
  it('keeps the base name and ends in .jpg', () => {
    expect(jpegName('屏幕截图 2026-12-14.png')).toBe('屏幕截图 2026-12-14.jpg');
    expect(jpegName('IMG_0001.HEIC')).toBe('IMG_0001.jpg');
    expect(jpegName('.png')).toBe('image.jpg');
    expect(jpegName('photo')).toBe('photo.jpg');
  });
});
