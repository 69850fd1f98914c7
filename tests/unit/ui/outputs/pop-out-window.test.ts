import { describe, expect, it } from 'vitest';
import { popOutSize } from '../../../../src/ui/outputs/pop-out-window';

describe('popOutSize', () => {
  it('opens at the picture’s own size when the screen has room', () => {
    expect(popOutSize({ width: 640, height: 480 }, { width: 1920, height: 1080 })).toEqual({ width: 640, height: 480 });
  });

  it('scales a picture larger than the screen down, keeping its shape', () => {
    expect(popOutSize({ width: 1920, height: 1080 }, { width: 1280, height: 800 })).toEqual({ width: 1152, height: 648 });
    expect(popOutSize({ width: 1080, height: 1920 }, { width: 1920, height: 1080 })).toEqual({ width: 547, height: 972 });
  });
});
