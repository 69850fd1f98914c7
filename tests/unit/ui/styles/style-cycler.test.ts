import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StyleCycler } from '../../../../src/ui/styles/style-cycler';

/** A host with the app's shape: the cycler's hostUpdated runs after each change, as Lit's update does. */
function setup(ids = ['a', 'b', 'c', 'd']) {
  const state = { selected: 'a', favourites: new Set<string>(), ready: true, picks: [] as string[] };
  const host = { addController: () => {}, removeController: () => {}, requestUpdate: () => {}, updateComplete: Promise.resolve(true) };
  const cycler: StyleCycler = new StyleCycler(host, {
    styleIds: () => ids,
    favouriteIds: () => state.favourites,
    selectedId: () => state.selected,
    select: (id) => {
      state.selected = id;
      state.picks.push(id);
      cycler.hostUpdated();
    },
    canSelect: () => state.ready,
  });
  /** A person picks a style: the app re-renders, the cycler notices. */
  const pickByHand = (id: string) => {
    state.selected = id;
    cycler.hostUpdated();
  };
  return { state, cycler, pickByHand };
}

describe('StyleCycler', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('moves to the next style every interval, wrapping around, and not before', () => {
    const { state, cycler } = setup();
    cycler.configure({ enabled: true, intervalS: 10 });
    vi.advanceTimersByTime(9_999);
    expect(state.picks).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(state.selected).toBe('b');
    vi.advanceTimersByTime(30_000);
    expect(state.picks).toEqual(['b', 'c', 'd', 'a']);
  });

  it('stops when a person picks a style, and says why', () => {
    const { state, cycler, pickByHand } = setup();
    cycler.configure({ enabled: true, intervalS: 5 });
    vi.advanceTimersByTime(5_000);
    pickByHand('d');
    expect(cycler.settings.enabled).toBe(false);
    expect(cycler.notice).toMatch(/stopped/);
    vi.advanceTimersByTime(60_000);
    expect(state.picks).toEqual(['b']);
    expect(state.selected).toBe('d');
  });

  it('cycles only through the favourites once two are starred, else through all', () => {
    const { state, cycler } = setup();
    cycler.configure({ enabled: true, intervalS: 5, favouritesOnly: true });
    state.favourites = new Set(['c']);
    expect(cycler.candidates).toEqual(['a', 'b', 'c', 'd']);
    state.favourites = new Set(['d', 'b']);
    expect(cycler.candidates).toEqual(['b', 'd']);
    vi.advanceTimersByTime(15_000);
    // From 'a' (not a favourite) to the first favourite, then around the favourites.
    expect(state.picks).toEqual(['b', 'd', 'b']);
  });

  it('skips turns while the worker restarts and goes on after it', () => {
    const { state, cycler } = setup();
    cycler.configure({ enabled: true, intervalS: 5 });
    state.ready = false;
    vi.advanceTimersByTime(10_000);
    expect(state.picks).toEqual([]);
    expect(cycler.settings.enabled).toBe(true);
    state.ready = true;
    vi.advanceTimersByTime(5_000);
    expect(state.picks).toEqual(['b']);
  });

  it('a new interval restarts the wait; switching off or disconnecting ends the timer', () => {
    const { state, cycler } = setup();
    cycler.configure({ enabled: true, intervalS: 60 });
    vi.advanceTimersByTime(50_000);
    cycler.configure({ intervalS: 5 });
    vi.advanceTimersByTime(5_000);
    expect(state.picks).toEqual(['b']);
    cycler.configure({ enabled: false });
    vi.advanceTimersByTime(60_000);
    expect(state.picks).toEqual(['b']);
    cycler.configure({ enabled: true });
    cycler.hostDisconnected();
    vi.advanceTimersByTime(60_000);
    expect(state.picks).toEqual(['b']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps the interval within 5-120 s', () => {
    const { cycler } = setup();
    cycler.configure({ intervalS: 1 });
    expect(cycler.settings.intervalS).toBe(5);
    cycler.configure({ intervalS: 1000 });
    expect(cycler.settings.intervalS).toBe(120);
  });
});
