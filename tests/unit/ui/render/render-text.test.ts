import { describe, expect, it } from 'vitest';
import { durationText, estimateText, factsText, paceFromLive } from '../../../../src/ui/render/render-text';

const vga = { width: 640, height: 480, frames: 300, durationS: 10, fps: 30, codec: 'avc', audio: true };

describe('render text', () => {
  it('words durations in seconds, minutes and hours', () => {
    expect(durationText(400)).toBe('0 s');
    expect(durationText(59_400)).toBe('59 s');
    expect(durationText(95_000)).toBe('1 min 35 s');
    expect(durationText(3_723_000)).toBe('1 h 2 min');
  });

  it('describes a file and the time a render of it takes', () => {
    expect(factsText(vga)).toBe('640×480, 300 frames (10.0 s at 30 fps), with sound.');
    expect(factsText({ ...vga, audio: false })).toContain('no sound.');
    expect(estimateText(200, 300)).toBe('Rendering every frame takes about 1 min 0 s on this machine.');
    expect(estimateText(null, 300)).toMatch(/^Start the camera/);
  });
});

describe('paceFromLive', () => {
  it('scales the live time per frame by the network pixels of the render', () => {
    // Live at 340×256 in 30 ms; a render of VGA at 512 px runs the network on 683×512 (capped at 640×480).
    expect(paceFromLive({ msPerFrame: 30, width: 340, height: 256 }, 256, vga)).toBeCloseTo(30 * ((341.33 * 256) / (340 * 256)), 0);
    expect(paceFromLive({ msPerFrame: 30, width: 320, height: 240 }, 512, vga)).toBeCloseTo(120);
  });

  it('has no estimate before the live video has a frame', () => {
    expect(paceFromLive(null, 256, vga)).toBeNull();
    expect(paceFromLive({ msPerFrame: 0, width: 0, height: 0 }, 256, vga)).toBeNull();
  });
});
