/** One tile of a photo: where it is read from and written to, in photo pixels. */
export interface Tile {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface TileGrid {
  tiles: Tile[];
  /** Tiles per row; tiles are listed row by row, top to bottom. */
  columns: number;
  rows: number;
  /** The first photo row of each tile row. */
  rowStarts: number[];
}

/**
 * Default tile: 512 px (about 0.3 s on WebAssembly with 2 cores, a bounded amount of memory on any
 * backend). The transformer's receptive field reaches about 48 px: measured on the real network, a
 * tile fed the whole photo's normalisation statistics matches the one-pass result to 0.0018 (of 1)
 * from 32 px inside its edge, 0.044 at 8 px. So the outer TILE_CONTEXT px of a tile's inner edges
 * only feed the network and get no weight; the next TILE_RAMP px cross-fade with the neighbour.
 */
export const TILE_SIZE = 512;
const TILE_CONTEXT = 32;
const TILE_RAMP = 32;
/** Neighbours share this much, so every pixel has a tile that gives it weight. */
export const TILE_OVERLAP = 2 * TILE_CONTEXT + TILE_RAMP;

/**
 * The network halves the picture twice and doubles it back: a tile must start on a multiple of 4,
 * or its pixels sit at another phase of that grid than in the one-pass result (up to 25 levels
 * apart, measured).
 */
const ALIGN = 4;

/** Starts along one axis: evenly spread and aligned, first at 0, the last tile reaching the end, neighbours overlapping by ≥ `overlap`. */
function starts(length: number, tile: number, overlap: number): number[] {
  if (length <= tile) return [0];
  const count = Math.ceil((length - overlap) / (tile - overlap));
  const step = (length - tile) / (count - 1);
  return Array.from({ length: count }, (_, i) => Math.floor((i * step) / ALIGN) * ALIGN);
}

/** Each tile runs to the next aligned start plus the overlap; the last one to the end (up to ALIGN − 1 px longer than `tile`). */
function lengths(starts: readonly number[], length: number, tile: number): number[] {
  return starts.map((start, i) => (i === starts.length - 1 ? length - start : Math.min(tile, length - start)));
}

export function planTiles(width: number, height: number, tile = TILE_SIZE, overlap = TILE_OVERLAP): TileGrid {
  if (overlap * 2 > tile) throw new Error(`an overlap of ${overlap} px needs tiles of at least ${overlap * 2} px`);
  if (overlap < TILE_OVERLAP) throw new Error(`tiles must overlap by at least ${TILE_OVERLAP} px`);
  const xs = starts(width, tile, overlap);
  const ys = starts(height, tile, overlap);
  const widths = lengths(xs, width, tile);
  const heights = lengths(ys, height, tile);
  const tiles = ys.flatMap((y, row) => xs.map((x, column) => ({ x, y, width: widths[column]!, height: heights[row]! })));
  return { tiles, columns: xs.length, rows: ys.length, rowStarts: ys };
}

/**
 * Blend weights along one axis, one array per tile: from each inner edge a tile has weight 0 over
 * `context` px, then rises linearly over `ramp` px (edges at the photo's border keep full weight,
 * as the one-pass result has them), and at every position the tiles covering it are normalised to
 * sum to exactly 1. Neighbours must overlap by at least 2·context + ramp.
 */
function axisWeights(starts: readonly number[], lengths: readonly number[], total: number, context = TILE_CONTEXT, ramp = TILE_RAMP): Float32Array[] {
  const raw = starts.map((start, k) => {
    const length = lengths[k]!;
    const weights = new Float32Array(length);
    for (let i = 0; i < length; i++) {
      const fromStart = start === 0 ? Infinity : i + 0.5;
      const fromEnd = start + length === total ? Infinity : length - i - 0.5;
      weights[i] = Math.min(1, Math.max(0, (Math.min(fromStart, fromEnd) - context) / ramp));
    }
    return weights;
  });
  const sums = new Float32Array(total);
  raw.forEach((weights, k) => weights.forEach((weight, i) => (sums[starts[k]! + i]! += weight)));
  raw.forEach((weights, k) => weights.forEach((weight, i) => (weights[i] = weight / sums[starts[k]! + i]!)));
  return raw;
}

/** Every tile's weights along x and y; their product over the grid sums to 1 at every pixel. */
export function gridWeights(grid: TileGrid, width: number, height: number): { columnWeights: Float32Array[]; rowWeights: Float32Array[] } {
  const columnTiles = grid.tiles.slice(0, grid.columns);
  const rowTiles = grid.rowStarts.map((_, row) => grid.tiles[row * grid.columns]!);
  return {
    columnWeights: axisWeights(columnTiles.map((tile) => tile.x), columnTiles.map((tile) => tile.width), width),
    rowWeights: axisWeights(rowTiles.map((tile) => tile.y), rowTiles.map((tile) => tile.height), height),
  };
}
