import { describe, expect, it } from 'vitest';
import { outputSize, processingSize } from '../../../../src/worker/geometry/frame-sizes';

describe('processingSize', () => {
  it('scales the short side and keeps the aspect, in multiples of 4', () => {
    expect(processingSize(640, 480, 256)).toEqual({ width: 340, height: 256 });
    expect(processingSize(480, 640, 384)).toEqual({ width: 384, height: 512 });
    expect(processingSize(1280, 720, 480)).toEqual({ width: 852, height: 480 });
  });

  it('never upscales a frame smaller than the target', () => {
    expect(processingSize(320, 240, 480)).toEqual({ width: 320, height: 240 });
  });

  it('rejects an empty frame', () => {
    expect(() => processingSize(0, 480, 256)).toThrow(RangeError);
  });
});

describe('outputSize', () => {
  it("keeps the camera's own size up to the cap, in even numbers rather than multiples of 4", () => {
    expect(outputSize(640, 426, 1080)).toEqual({ width: 640, height: 426 });
    expect(outputSize(1920, 1080, 1080)).toEqual({ width: 1920, height: 1080 });
    expect(outputSize(3840, 2160, 1080)).toEqual({ width: 1920, height: 1080 });
    expect(outputSize(640, 480, 360)).toEqual({ width: 480, height: 360 });
  });
});
