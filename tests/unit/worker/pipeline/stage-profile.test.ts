import { describe, expect, it } from 'vitest';
import { StageClock, StageProfile } from '../../../../src/worker/pipeline/stage-profile';

describe('StageClock and StageProfile', () => {
  it('credits each stage with the time since the last mark and averages frames between reports', () => {
    let now = 100;
    const first = new StageClock(() => now, 100);
    now = 104;
    first.end('import');
    now = 130;
    first.end('network');
    now = 131;
    first.end('network');
    expect(first.times).toEqual({ import: 4, network: 27 });

    const profile = new StageProfile();
    expect(profile.take()).toBeNull();
    profile.add(first.times);
    profile.add({ import: 6, network: 29, draw: 2 });
    expect(profile.take()).toEqual({ import: 5, network: 28, draw: 1 });
    expect(profile.take()).toBeNull();
  });
});
