import * as tf from '@tensorflow/tfjs';
import { CodedError } from '../../shared/errors';
import { keepOriginalColours, measureLumaMatch, type LumaMatch } from '../quality/colour-keeper';
import { composeRegions } from '../quality/region-mask';
import { gridWeights, planTiles, TILE_SIZE, type Tile } from './tile-plan';

/** RGBA pixels, row by row, as ImageData holds them. */
export interface Pixels {
  data: Uint8ClampedArray | Uint8Array;
  width: number;
  height: number;
}

interface TiledRequest {
  photo: Pixels;
  /**
   * The whole photo scaled to fit OVERVIEW_MAX_SIDE (the photo itself when it is no larger): the
   * network's normalisation statistics come from one pass over it, so every tile is normalised
   * alike and no tile shows a tone of its own.
   */
  overview: Pixels;
  embedding: tf.Tensor4D;
  keepColours: boolean;
  /**
   * Person only / Background only: how much of the style each pixel takes, [h,w,1] 0..1 at the
   * overview's size, worked out once for the whole photo (never per tile, so no tile finds a person
   * of its own); each tile takes its part, brought up to the photo's size. Null: all of it.
   */
  regionWeights?: tf.Tensor3D | null;
}

interface TiledOptions {
  /** After each tile: progress, and the place to stop (throw) or to let other work run. */
  afterTile?: (done: number, total: number) => Promise<void> | void;
  tileSize?: number;
}

/**
 * The long side of the overview pass. Up to this size a tiled photo equals the one-pass result
 * (the statistics are the photo's own); above it they come from the photo scaled down, which
 * shifts tones evenly over the whole photo (a mean of 0.013 of 1 at half size, measured), with no seam.
 */
export const OVERVIEW_MAX_SIDE = 1024;

/** The transformer's instance-norm statistics, by node name: 13 normalisations × mean and variance. */
function statisticNodes(graph: tf.GraphModel): string[] {
  const nodes = Object.keys((graph as unknown as { executor: { graph: { nodes: Record<string, unknown> } } }).executor.graph.nodes);
  const names = nodes.filter((name) => /StyleNorm\/moments\/(mean|variance)$/.test(name));
  if (names.length === 0) throw new CodedError('internal', 'The transformer has no instance-norm statistics to share between tiles.');
  return names;
}

/** [1,H,W,3] float 0..1 from a rectangle of RGBA pixels. */
function tileTensor(pixels: Pixels, tile: Tile): tf.Tensor4D {
  const rgb = new Float32Array(tile.width * tile.height * 3);
  for (let row = 0; row < tile.height; row++) {
    let from = ((tile.y + row) * pixels.width + tile.x) * 4;
    let to = row * tile.width * 3;
    for (let column = 0; column < tile.width; column++, from += 4, to += 3) {
      rgb[to] = pixels.data[from]! / 255;
      rgb[to + 1] = pixels.data[from + 1]! / 255;
      rgb[to + 2] = pixels.data[from + 2]! / 255;
    }
  }
  return tf.tensor4d(rgb, [1, tile.height, tile.width, 3]);
}

/**
 * The part of `weights` (at the overview's size) under `tile` (in the photo's pixels), at the tile's
 * size: [h,w,1]. The overview rows and columns around the tile are cut out and resized corner to
 * corner, which places the tile's edges within one overview pixel of where they fall (exactly, when
 * the overview is the photo). Not tf.image.cropAndResize: on tfjs-wasm 4.22 it returns wrong values
 * for a box that does not start at the left edge (measured against the CPU backend: off by up to 1).
 */
function tileWeights(weights: tf.Tensor3D, tile: Tile, photo: Pixels): tf.Tensor3D {
  const [height, width] = weights.shape;
  const span = (start: number, length: number, photoSize: number, size: number): [number, number] => {
    const scale = size / photoSize;
    const first = Math.max(0, Math.floor((start + 0.5) * scale - 0.5));
    const last = Math.min(size - 1, Math.ceil((start + length - 0.5) * scale - 0.5));
    return [first, Math.max(1, last - first + 1)];
  };
  const [top, rows] = span(tile.y, tile.height, photo.height, height);
  const [left, columns] = span(tile.x, tile.width, photo.width, width);
  const part = weights.slice([top, left, 0], [rows, columns, 1]);
  return rows === tile.height && columns === tile.width ? part : (tf.image.resizeBilinear(part, [tile.height, tile.width], true) as tf.Tensor3D);
}

/**
 * Stylizes a photo of any size with the tfjs transformer, tile by tile with overlap, so memory stays
 * bounded: the network sees one tile at a time (TILE_SIZE), and the blended result is gathered in a
 * band one tile row high before it is written out. Every tile uses the overview's normalisation
 * statistics (fed into the graph in place of its own), and neighbours cross-fade over their overlap.
 */
export class TiledStylizer {
  private readonly statistics: string[];

  constructor(private readonly graph: tf.GraphModel) {
    this.statistics = statisticNodes(graph);
  }

  async stylize(request: TiledRequest, options: TiledOptions = {}): Promise<Uint8ClampedArray<ArrayBuffer>> {
    const overview = this.overviewPass(request);
    try {
      return await this.tiles(request, overview, options);
    } finally {
      tf.dispose(Object.values(overview.feeds));
      if (overview.match) tf.dispose(Object.values(overview.match));
    }
  }

  /** One pass over the overview: its statistics, and the luma match for Keep original colours. */
  private overviewPass(request: TiledRequest): { feeds: Record<string, tf.Tensor>; match: LumaMatch | null } {
    const [statistics, match] = tf.tidy(() => {
      const content = tileTensor(request.overview, { x: 0, y: 0, width: request.overview.width, height: request.overview.height });
      const [stylized, ...statistics] = this.graph.execute({ content, style_embedding: request.embedding }, ['stylized', ...this.statistics]) as tf.Tensor[];
      const match = request.keepColours ? measureLumaMatch(stylized!.squeeze([0]) as tf.Tensor3D, content.squeeze([0]) as tf.Tensor3D) : null;
      return [statistics, match ? [match.stylizedMean, match.stylizedStd, match.cameraMean, match.cameraStd] : []] as [tf.Tensor[], tf.Scalar[]];
    });
    const [stylizedMean, stylizedStd, cameraMean, cameraStd] = match;
    return {
      feeds: Object.fromEntries(this.statistics.map((name, i) => [name, statistics[i]!])),
      match: stylizedMean && stylizedStd && cameraMean && cameraStd ? { stylizedMean, stylizedStd, cameraMean, cameraStd } : null,
    };
  }

  private async tiles(request: TiledRequest, overview: { feeds: Record<string, tf.Tensor>; match: LumaMatch | null }, options: TiledOptions): Promise<Uint8ClampedArray<ArrayBuffer>> {
    const { photo } = request;
    const tileSize = options.tileSize ?? TILE_SIZE;
    const grid = planTiles(photo.width, photo.height, tileSize);
    const { columnWeights, rowWeights } = gridWeights(grid, photo.width, photo.height);
    const output = new Uint8ClampedArray(new ArrayBuffer(photo.width * photo.height * 4));
    // The rows from `bandTop` on, not final yet: later tile rows still add to them.
    const band = new Float32Array(Math.max(...grid.tiles.map((tile) => tile.height)) * photo.width * 3);
    let bandTop = 0;
    const flush = (untilRow: number) => {
      for (let y = bandTop; y < untilRow; y++) {
        const from = (y - bandTop) * photo.width * 3;
        const to = y * photo.width * 4;
        for (let x = 0; x < photo.width; x++) {
          output[to + x * 4] = band[from + x * 3]! * 255;
          output[to + x * 4 + 1] = band[from + x * 3 + 1]! * 255;
          output[to + x * 4 + 2] = band[from + x * 3 + 2]! * 255;
          output[to + x * 4 + 3] = 255;
        }
      }
      const kept = band.subarray((untilRow - bandTop) * photo.width * 3);
      band.copyWithin(0, (untilRow - bandTop) * photo.width * 3);
      band.fill(0, kept.length);
      bandTop = untilRow;
    };
    for (let index = 0; index < grid.tiles.length; index++) {
      const tile = grid.tiles[index]!;
      const column = index % grid.columns;
      const row = Math.floor(index / grid.columns);
      const weighted = tf.tidy(() => {
        const content = tileTensor(photo, tile);
        let stylized = (this.graph.execute({ ...overview.feeds, content, style_embedding: request.embedding }, 'stylized') as tf.Tensor4D).squeeze([0]) as tf.Tensor3D;
        if (overview.match) stylized = keepOriginalColours(stylized, content.squeeze([0]) as tf.Tensor3D, overview.match);
        if (request.regionWeights) stylized = composeRegions(stylized, content.squeeze([0]) as tf.Tensor3D, tileWeights(request.regionWeights, tile, photo));
        const rows = tf.tensor3d(rowWeights[row]!, [tile.height, 1, 1]);
        const columns = tf.tensor3d(columnWeights[column]!, [1, tile.width, 1]);
        return stylized.mul(rows).mul(columns) as tf.Tensor3D;
      });
      const values = await weighted.data();
      weighted.dispose();
      for (let y = 0; y < tile.height; y++) {
        const to = ((tile.y - bandTop + y) * photo.width + tile.x) * 3;
        const from = y * tile.width * 3;
        for (let i = 0; i < tile.width * 3; i++) band[to + i]! += values[from + i]!;
      }
      const rowDone = column === grid.columns - 1;
      if (rowDone) flush(row + 1 < grid.rows ? grid.rowStarts[row + 1]! : photo.height);
      await options.afterTile?.(index + 1, grid.tiles.length);
    }
    return output;
  }
}
