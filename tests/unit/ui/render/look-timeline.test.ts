import { describe, expect, it } from 'vitest';
import { LookTimeline } from '../../../../src/ui/render/look-timeline';

const look = (n: number) => Float32Array.from({ length: 100 }, () => n);

describe('LookTimeline', () => {
  it('gives the look on at the start at 0 s and each later switch at its time in the recording', () => {
    const timeline = new LookTimeline();
    timeline.record(look(1), 1_000);
    timeline.record(look(2), 5_000);
    timeline.record(look(3), 8_200);
    timeline.record(look(4), 20_000);
    const looks = timeline.between(5_000, 12_000);
    expect(looks.map((entry) => [entry.atS, entry.embedding[0]])).toEqual([
      [0, 2],
      [3.2, 3],
    ]);
  });

  it('starts with the first look picked during the recording when none was on before', () => {
    const timeline = new LookTimeline();
    timeline.record(look(7), 2_500);
    expect(timeline.between(2_000, 4_000).map((entry) => [entry.atS, entry.embedding[0]])).toEqual([[0, 7]]);
    expect(new LookTimeline().between(0, 1)).toEqual([]);
  });
});
