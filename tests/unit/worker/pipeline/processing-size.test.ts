import { describe, expect, it } from 'vitest';
import { processingSize } from '../../../../src/worker/pipeline/processing-size';

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
