import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import { CodedError, toStylizerError } from '../../shared/errors';
import { EMBEDDING_LENGTH, EMBEDDING_SHAPE, type BackendName } from '../../shared/protocol';
import {
  MAX_REFINE_ITERATIONS,
  REFINE_LAYERS,
  REFINE_SIZES,
  type RefineProgress,
  type RefineRequest,
  type RefineResult,
  type StillFormat,
  type StillProgress,
  type StillRequest,
  type StillResult,
  type StillsApi,
  type StillsInitOptions,
} from '../../shared/stills-protocol';
import { startBackend } from '../backend/backend-setup';
import { loadGraph } from '../model/model-loading';
import { createPersonSegmenter, type PersonSegmenter } from '../model/person-segmenter';
import { refineMask } from '../quality/region-mask';
import { registerWasmGradientKernels } from './refine/gradient-kernels';
import { LossNetwork } from './refine/loss-network';
import { refine } from './refine/refine-job';
import { OVERVIEW_MAX_SIDE, TiledStylizer, type Pixels } from './tiled-stylizer';

/** The page's preview of a result is at most this long side. */
const PREVIEW_MAX_SIDE = 1024;
const JPEG_QUALITY = 0.92;

/** `photo` scaled (high quality) to fit `maxSide`, or itself when it already fits. */
async function fitted(photo: ImageBitmap, maxSide: number): Promise<ImageBitmap> {
  const scale = maxSide / Math.max(photo.width, photo.height);
  if (scale >= 1) return photo;
  return createImageBitmap(photo, { resizeWidth: Math.max(1, Math.round(photo.width * scale)), resizeHeight: Math.max(1, Math.round(photo.height * scale)), resizeQuality: 'high' });
}

function pixelsOf(bitmap: ImageBitmap): Pixels {
  const context = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d', { willReadFrequently: true });
  if (!context) throw new CodedError('internal', '2D canvas is not available in this worker.');
  context.drawImage(bitmap, 0, 0);
  return context.getImageData(0, 0, bitmap.width, bitmap.height);
}

/** A refinement the worker can run, or a `{ code: 'invalid-argument' }` saying what is wrong. */
function validateRefine(request: RefineRequest): void {
  const layers = REFINE_LAYERS.map((layer) => layer.id as string);
  const problem =
    !(REFINE_SIZES as readonly number[]).includes(request.size) ? `size ${request.size} is not one of ${REFINE_SIZES.join(', ')}`
    : !(Number.isInteger(request.iterations) && request.iterations >= 1 && request.iterations <= MAX_REFINE_ITERATIONS) ? `iterations must be 1-${MAX_REFINE_ITERATIONS}`
    : ![request.contentWeight, request.styleWeight].every((weight) => Number.isFinite(weight) && weight >= 0) ? 'weights must be 0 or more'
    : request.layers.length === 0 || !request.layers.every((layer) => layers.includes(layer)) ? `layers must be some of ${layers.join(', ')}`
    : request.embedding.length !== EMBEDDING_LENGTH ? `a style embedding has ${EMBEDDING_LENGTH} numbers`
    : null;
  if (problem) throw new CodedError('invalid-argument', `Refine: ${problem}.`);
}

/**
 * The stills worker: its own tfjs backend and transformer, one photo job at a time, tile by tile
 * (TiledStylizer). Between tiles it yields, so `cancel` is heard, and reports progress. It keeps
 * the last result (one canvas) for `encode`, and nothing else between jobs.
 */
export class StillsService implements StillsApi {
  private stylizer: TiledStylizer | null = null;
  private graph: tf.GraphModel | null = null;
  private result: OffscreenCanvas | null = null;
  /** The last photo as the fast pass saw it (at most OVERVIEW_MAX_SIDE), what a refinement compares with. */
  private photo: ImageBitmap | null = null;
  private lossNetwork: Promise<LossNetwork> | null = null;
  private modelBaseUrl = '';
  /** Loaded by the first photo with Person only or Background only, kept for later ones. */
  private segmenter: Promise<PersonSegmenter> | null = null;
  private cancelled = false;
  private running = false;

  async init(options: StillsInitOptions): Promise<{ backend: BackendName; threads: number | null }> {
    try {
      const backend = await startBackend(options.backend);
      this.modelBaseUrl = options.modelBaseUrl;
      this.graph = await loadGraph('style-transformer', { baseUrl: options.modelBaseUrl });
      this.stylizer = new TiledStylizer(this.graph);
      return { backend: backend.name, threads: backend.threads };
    } catch (error) {
      throw toStylizerError(error);
    }
  }

  async stylize(photo: ImageBitmap, request: StillRequest, onProgress: (progress: StillProgress) => void): Promise<StillResult> {
    let overviewBitmap: ImageBitmap | null = null;
    let embedding: tf.Tensor4D | null = null;
    let regionWeights: tf.Tensor3D | null = null;
    try {
      if (!this.stylizer) throw new CodedError('not-ready', 'The photo stylizer is still loading.');
      if (this.running) throw new CodedError('invalid-argument', 'A photo is already being stylized.');
      if (request.embedding.length !== EMBEDDING_LENGTH || !request.embedding.every(Number.isFinite)) {
        throw new CodedError('invalid-argument', `A style embedding has ${EMBEDDING_LENGTH} finite numbers.`);
      }
      this.running = true;
      this.cancelled = false;
      const started = performance.now();
      const photoPixels = pixelsOf(photo);
      overviewBitmap = await fitted(photo, OVERVIEW_MAX_SIDE);
      const overview = overviewBitmap === photo ? photoPixels : pixelsOf(overviewBitmap);
      embedding = tf.tensor4d(request.embedding, EMBEDDING_SHAPE);
      regionWeights = await this.regionWeights(overview, request);
      let tiles = 0;
      const rgba = await this.stylizer.stylize(
        { photo: photoPixels, overview, embedding, keepColours: request.keepColours, regionWeights },
        {
          afterTile: async (done, total) => {
            tiles = total;
            onProgress({ done: done + 1, total: total + 1 });
            // Lets `cancel` (a message) in between two tiles.
            await new Promise((resolve) => setTimeout(resolve, 0));
            if (this.cancelled) throw new CodedError('cancelled', 'The photo was cancelled.');
          },
        },
      );
      const canvas = new OffscreenCanvas(photo.width, photo.height);
      canvas.getContext('2d')!.putImageData(new ImageData(rgba, photo.width, photo.height), 0, 0);
      this.result = canvas;
      this.photo?.close();
      this.photo = overviewBitmap === photo ? await createImageBitmap(photo) : overviewBitmap;
      overviewBitmap = null;
      const scale = Math.min(1, PREVIEW_MAX_SIDE / Math.max(photo.width, photo.height));
      const preview = await createImageBitmap(canvas, { resizeWidth: Math.round(photo.width * scale), resizeHeight: Math.round(photo.height * scale), resizeQuality: 'high' });
      // Bitmaps are transferred to the page, never copied.
      return Comlink.transfer({ width: photo.width, height: photo.height, tiles, ms: performance.now() - started, preview }, [preview]);
    } catch (error) {
      throw toStylizerError(error, 'style-failed');
    } finally {
      this.running = false;
      embedding?.dispose();
      regionWeights?.dispose();
      if (overviewBitmap && overviewBitmap !== photo) overviewBitmap.close();
      photo.close();
    }
  }

  async refine(request: RefineRequest, onProgress: (progress: RefineProgress) => void): Promise<RefineResult> {
    try {
      if (!this.result || !this.photo) throw new CodedError('not-ready', 'Stylize a photo first; Refine improves that result.');
      if (this.running) throw new CodedError('invalid-argument', 'A photo is already being worked on.');
      validateRefine(request);
      this.running = true;
      this.cancelled = false;
      const network = await this.loadLossNetwork();
      const report = (progress: RefineProgress) => onProgress(progress.preview ? Comlink.transfer(progress, [progress.preview]) : progress);
      const { result, image } = await refine(network, { photo: this.photo, fast: this.result }, request, report, () => this.cancelled);
      const canvas = new OffscreenCanvas(image.width, image.height);
      canvas.getContext('2d')!.drawImage(image, 0, 0);
      image.close();
      this.result = canvas;
      return Comlink.transfer(result, [result.preview]);
    } catch (error) {
      request.stylePicture?.close();
      throw toStylizerError(error, 'style-failed');
    } finally {
      this.running = false;
    }
  }

  async cancel(): Promise<void> {
    if (this.running) this.cancelled = true;
  }

  /** The style predictor as a loss network, loaded on the first Refine (4.7 MB, usually from the HTTP cache). */
  private loadLossNetwork(): Promise<LossNetwork> {
    if (!this.lossNetwork) {
      registerWasmGradientKernels();
      this.lossNetwork = LossNetwork.load(this.modelBaseUrl);
      this.lossNetwork.catch(() => (this.lossNetwork = null));
    }
    return this.lossNetwork;
  }

  async encode(format: StillFormat): Promise<Blob> {
    if (!this.result) throw toStylizerError(new CodedError('not-ready', 'There is no stylized photo yet.'));
    return this.result.convertToBlob(format === 'image/jpeg' ? { type: format, quality: JPEG_QUALITY } : { type: format });
  }

  async dispose(): Promise<void> {
    this.cancelled = true;
    this.graph?.dispose();
    this.photo?.close();
    void this.lossNetwork?.then((network) => network.dispose()).catch(() => {});
    void this.segmenter?.then((segmenter) => segmenter.dispose()).catch(() => {});
    this.graph = this.stylizer = this.result = this.photo = this.lossNetwork = null;
  }

  /** Person only / Background only: the whole photo's weights, at the overview's size; null for Everything. */
  private async regionWeights(overview: Pixels, request: StillRequest): Promise<tf.Tensor3D | null> {
    const region = request.stylize ?? 'everything';
    // Person and background (two styles) is the live view's: a photo gets the gallery's style all over.
    if (region === 'everything' || region === 'both') return null;
    this.segmenter ??= createPersonSegmenter(this.modelBaseUrl);
    let segmenter: PersonSegmenter;
    try {
      segmenter = await this.segmenter;
    } catch (error) {
      // Tried again with the next photo.
      this.segmenter = null;
      throw error;
    }
    return tf.tidy(() => {
      const pixels = tf.tensor3d(Int32Array.from(overview.data), [overview.height, overview.width, 4], 'int32').slice([0, 0, 0], [-1, -1, 3]) as tf.Tensor3D;
      const person = refineMask(segmenter.segment(pixels), pixels);
      return region === 'person' ? person : (tf.sub(1, person) as tf.Tensor3D);
    });
  }
}
