import { describe, expect, it } from 'vitest';
import { FrameStats } from '../../../../src/worker/pipeline/frame-stats';

describe('FrameStats', () => {
  it('counts frames per second over its window and averages their time', () => {
    const stats = new FrameStats(1000);
    for (let i = 0; i < 10; i++) stats.record(i * 100, i * 100 + 40);
    expect(stats.fps(1000)).toBeCloseTo(10, 5);
    expect(stats.meanMs()).toBeCloseTo(40, 5);
    expect(stats.total).toBe(10);
  });

  it('counts overlapping (pipelined) frames by the time each one added', () => {
    const stats = new FrameStats(1000);
    // Each frame takes 60 ms from start to finish, but a new one starts every 30 ms.
    const counted = [0, 1, 2, 3].map((i) => stats.record(i * 30, i * 30 + 60));
    expect(counted).toEqual([60, 30, 30, 30]);
    expect(stats.takeRecent()).toEqual([60, 30, 30, 30]);
  });

  it('falls to zero once frames stop', () => {
    const stats = new FrameStats(1000);
    stats.record(0, 50);
    expect(stats.fps(5000)).toBe(0);
  });
});

describe('FrameStats.report', () => {
  it('hands out each frame once, with finish times on the shared (epoch) clock', () => {
    const stats = new FrameStats();
    stats.record(0, 100);
    stats.record(100, 220);
    const first = stats.report(250, 1_000_000);
    expect(first.framesStylized).toBe(2);
    expect(first.recentFrameMs).toEqual([100, 120]);
    expect(first.frameEndTimes).toEqual([1_000_100, 1_000_220]);
    const second = stats.report(300, 1_000_000);
    expect(second.recentFrameMs).toEqual([]);
    expect(second.frameEndTimes).toEqual([]);
  });
});
