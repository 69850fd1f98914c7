import { describe, expect, it } from 'vitest';
import { gridWeights, planTiles, TILE_OVERLAP } from '../../../../src/worker/stills/tile-plan';

describe('planTiles', () => {
  it.each([
    [640, 480, 256],
    [4096, 3072, 512],
    [1001, 333, 512],
    [300, 200, 512],
    [1203, 517, 256],
  ])('covers %i×%i with %i-px tiles, aligned to 4, neighbours overlapping enough', (width, height, size) => {
    const grid = planTiles(width, height, size);
    expect(grid.tiles.length).toBe(grid.columns * grid.rows);
    const columns = grid.tiles.slice(0, grid.columns);
    for (const [i, tile] of columns.entries()) {
      expect(tile.x % 4).toBe(0);
      expect(tile.width).toBeLessThanOrEqual(size + 3);
      const next = columns[i + 1];
      if (next) expect(tile.x + tile.width - next.x).toBeGreaterThanOrEqual(TILE_OVERLAP);
      else expect(tile.x + tile.width).toBe(width);
    }
    expect(columns[0]!.x).toBe(0);
    const last = grid.tiles.at(-1)!;
    expect(last.y + last.height).toBe(height);
  });

  it('gives weights that add up to 1 at every pixel, and none within 32 px of an inner edge', () => {
    const grid = planTiles(1203, 517, 256);
    const { columnWeights, rowWeights } = gridWeights(grid, 1203, 517);
    const sums = new Float64Array(1203);
    grid.tiles.slice(0, grid.columns).forEach((tile, k) => columnWeights[k]!.forEach((w, i) => (sums[tile.x + i]! += w)));
    for (const sum of sums) expect(sum).toBeCloseTo(1, 6);
    const rowSums = new Float64Array(517);
    grid.rowStarts.forEach((y, k) => rowWeights[k]!.forEach((w, i) => (rowSums[y + i]! += w)));
    for (const sum of rowSums) expect(sum).toBeCloseTo(1, 6);
    // The second column's first 32 px only give the network context.
    expect(Math.max(...columnWeights[1]!.slice(0, 32))).toBe(0);
    expect(columnWeights[0]![0]).toBe(1);
  });
});
