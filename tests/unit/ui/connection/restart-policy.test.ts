import { describe, expect, it } from 'vitest';
import { RestartPolicy } from '../../../../src/ui/connection/restart-policy';

describe('RestartPolicy', () => {
  it('allows a few restarts a minute, then asks the person, and forgets old restarts', () => {
    const policy = new RestartPolicy(3, 60_000);
    expect([0, 1000, 2000].map((t) => policy.tryRestart(t))).toEqual([true, true, true]);
    expect(policy.tryRestart(3000)).toBe(false);
    expect(policy.tryRestart(60_001)).toBe(true);
    policy.reset();
    expect(policy.tryRestart(60_002)).toBe(true);
  });
});
