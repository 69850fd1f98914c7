import { describe, expect, it } from 'vitest';
import { renderSize, videoTime } from '../../../../src/worker/render/video-file';

describe('renderSize', () => {
  it('keeps the file’s own size up to 1080p, with even sides', () => {
    expect(renderSize({ width: 640, height: 480 }, 'source')).toEqual({ width: 640, height: 480 });
    expect(renderSize({ width: 3840, height: 2160 }, 'source')).toEqual({ width: 1920, height: 1080 });
    expect(renderSize({ width: 641, height: 359 }, 'source')).toEqual({ width: 642, height: 360 });
  });

  it('brings the short side down to the chosen resolution, never up', () => {
    expect(renderSize({ width: 1920, height: 1080 }, '720')).toEqual({ width: 1280, height: 720 });
    expect(renderSize({ width: 1080, height: 1920 }, '480')).toEqual({ width: 480, height: 854 });
    expect(renderSize({ width: 640, height: 360 }, '720')).toEqual({ width: 640, height: 360 });
  });
});

describe('videoTime', () => {
  it('reads as minutes and seconds to a tenth', () => {
    expect(videoTime(4.21)).toBe('0:04.2');
    expect(videoTime(83.44)).toBe('1:23.4');
  });
});
