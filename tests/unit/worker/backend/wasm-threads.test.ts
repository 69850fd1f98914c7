import { describe, expect, it } from 'vitest';
import { wasmThreadsWanted } from '../../../../src/worker/backend/wasm-threads';

describe('wasmThreadsWanted', () => {
  it('asks for every core when the page is cross-origin isolated, up to the 8 pre-made workers', () => {
    expect(wasmThreadsWanted(2, true)).toBe(2);
    expect(wasmThreadsWanted(6, true)).toBe(6);
    expect(wasmThreadsWanted(32, true)).toBe(8);
  });

  it('asks for one thread where threads cannot exist (no isolation) or the core count is unknown', () => {
    expect(wasmThreadsWanted(8, false)).toBe(1);
    expect(wasmThreadsWanted(0, true)).toBe(1);
    expect(wasmThreadsWanted(Number.NaN, true)).toBe(1);
  });
});
