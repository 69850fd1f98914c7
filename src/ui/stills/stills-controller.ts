import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { describeError } from '../../shared/errors';
import type { BackendName, StylizeRegion } from '../../shared/protocol';
import { isStylizerError, type StylizerError } from '../../shared/errors';
import {
  MAX_PHOTO_SIDE,
  REFINE_DEFAULTS,
  REFINE_LAYERS,
  STILL_FORMATS,
  type RefineLayer,
  type RefineProgress,
  type StillFormat,
  type StillProgress,
} from '../../shared/stills-protocol';
import { saveFile } from '../common/save-file';
import { interpolateEmbeddings } from '../common/embedding-math';
import { PhotoError, readPhoto, type Photo } from './photo-intake';
import { createStillsClient, type StillsClient } from './stills-client';

interface StillsDeps {
  modelBaseUrl: string;
  /** The live stylizer's backend, once it runs. */
  backend(): BackendName | undefined;
  /** The look on screen (a style or a mix), or null before the first style. */
  look(): Float32Array | null;
  /** Style strength, 0..1. */
  strength(): number;
  /** The style predictor's embedding of a picture (transferred). */
  predict(picture: ImageBitmap): Promise<Float32Array>;
  keepColours(): boolean;
  /** Which part of the photo is stylized: the live Stylize setting. */
  stylize(): StylizeRegion;
  /** The picture of the single style on screen, or null (a mix): Refine then measures style by the embedding alone. */
  stylePicture(): Promise<ImageBitmap | null>;
}

interface RefineSettings {
  size: number;
  iterations: number;
  contentWeight: number;
  styleWeight: number;
  layers: ReadonlySet<RefineLayer>;
}

type StillPhase = 'idle' | 'working' | 'done';

interface StillSummary {
  name: string;
  width: number;
  height: number;
  tiles: number;
  ms: number;
  /** Refine replaced the fast result. */
  refined?: boolean;
}

/**
 * Photo mode: a photo (or the camera's current frame) stylized at full resolution in the stills
 * worker, which starts on first use and ends with the host. Owns the preview's object URL.
 */
export class StillsController implements ReactiveController {
  chosen: File | null = null;
  phase: StillPhase = 'idle';
  progress: StillProgress = { done: 0, total: 1 };
  message: { text: string; tone: 'info' | 'error' } | null = null;
  previewUrl: string | null = null;
  result: StillSummary | null = null;
  format: StillFormat = 'image/png';
  /** What the running job is, for the progress bar's name. */
  task: 'stylize' | 'refine' = 'stylize';
  refineSettings: RefineSettings = { ...REFINE_DEFAULTS, layers: new Set(REFINE_LAYERS.map((layer) => layer.id)) };
  /** Total loss at each refinement step so far. */
  curve: number[] = [];
  private client: Promise<StillsClient> | null = null;
  private cancelRequested = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: StillsDeps,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    void this.client?.then((client) => client.destroy()).catch(() => {});
    this.client = null;
    this.setPreview(null);
  }

  /** From the file input or a drop on the panel; Stylize photo then runs it. */
  choose(file: File | null): void {
    this.chosen = file;
    if (file) this.say(`“${file.name}” is ready: press Stylize photo.`, 'info');
    else this.host.requestUpdate();
  }

  async stylizeChosen(): Promise<void> {
    if (!this.chosen || this.phase === 'working') return;
    await this.run(async () => readPhoto(this.chosen!));
  }

  /** The source's current frame at its own resolution (a camera's 1080p, say), not the processing size. */
  async stylizeFrame(video: HTMLVideoElement): Promise<void> {
    if (this.phase === 'working') return;
    await this.run(async () => {
      if (video.videoWidth === 0) throw new PhotoError('There is no video frame yet: start the camera or another source first.');
      const scale = Math.min(1, MAX_PHOTO_SIDE / Math.max(video.videoWidth, video.videoHeight));
      const bitmap = await createImageBitmap(video, { resizeWidth: Math.round(video.videoWidth * scale), resizeHeight: Math.round(video.videoHeight * scale) });
      return { bitmap, name: 'snapshot', scaledFrom: null };
    });
  }

  /** Optimises the last result (see the worker's `refine`), showing it as it improves. */
  async refine(): Promise<void> {
    if (this.phase !== 'done' || !this.result || !this.client) return;
    const look = this.deps.look();
    if (!look) return;
    this.phase = 'working';
    this.task = 'refine';
    this.cancelRequested = false;
    this.curve = [];
    const { size, iterations, contentWeight, styleWeight, layers } = this.refineSettings;
    this.progress = { done: 0, total: iterations };
    this.say(`Refining at ${size} px: loading the loss network…`, 'info');
    try {
      const client = await this.client;
      const stylePicture = await this.deps.stylePicture().catch(() => null);
      const result = await client.refine({ size, iterations, contentWeight, styleWeight, layers: [...layers], stylePicture, embedding: look }, (progress) => this.refineProgress(progress));
      this.setPreview(await previewUrl(result.preview));
      this.result = { ...this.result, width: result.width, height: result.height, refined: true };
      const ratio = result.start.total / Math.max(1e-9, result.end.total);
      this.say(
        `Refined: ${result.width}×${result.height} in ${(result.ms / 1000).toFixed(1)} s (${iterations} steps, ${Math.round(result.msPerIteration)} ms a step). ` +
          `Loss ${ratio.toFixed(1)}× lower; style embedding distance ${result.start.embeddingDistance.toPrecision(2)} → ${result.end.embeddingDistance.toPrecision(2)}.`,
        'info',
      );
    } catch (error) {
      if (isStylizerError(error) && error.code === 'cancelled') this.say('Refinement cancelled; the result so far is not kept.', 'info');
      else this.say(`The photo could not be refined: ${isStylizerError(error) ? error.message : describeError(error)}`, 'error');
    } finally {
      this.phase = 'done';
      this.task = 'stylize';
      this.host.requestUpdate();
    }
  }

  setRefine(change: Partial<RefineSettings>): void {
    this.refineSettings = { ...this.refineSettings, ...change };
    this.host.requestUpdate();
  }

  private refineProgress(progress: RefineProgress): void {
    this.progress = { done: progress.iteration, total: progress.iterations };
    this.curve = [...this.curve, progress.loss.total];
    if (progress.preview) void previewUrl(progress.preview).then((url) => this.setPreview(url));
    this.host.requestUpdate();
  }

  async cancel(): Promise<void> {
    if (this.phase !== 'working') return;
    this.cancelRequested = true;
    await this.client?.then((client) => client.cancel()).catch(() => {});
  }

  async download(): Promise<void> {
    if (!this.result || !this.client) return;
    const format = STILL_FORMATS.find((entry) => entry.type === this.format) ?? STILL_FORMATS[0]!;
    try {
      const blob = await (await this.client).encode(format.type);
      const url = URL.createObjectURL(blob);
      saveFile(url, `${this.result.name}-${this.result.refined ? 'refined' : 'stylized'}.${format.extension}`);
      // The download has started from the URL; keep it a moment for slow browsers.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      this.say(`The photo could not be saved: ${describeError(error)}`, 'error');
    }
  }

  private async run(read: () => Promise<Photo>): Promise<void> {
    this.phase = 'working';
    this.task = 'stylize';
    this.cancelRequested = false;
    this.curve = [];
    this.progress = { done: 0, total: 1 };
    this.say('Reading the photo…', 'info');
    let photo: Photo | null = null;
    try {
      photo = await read();
      const { bitmap, name, scaledFrom } = photo;
      this.say(`Stylizing “${name}” at ${bitmap.width}×${bitmap.height}…`, 'info');
      const [client, embedding] = await Promise.all([this.stillsClient(), this.embeddingFor(bitmap)]);
      if (this.cancelRequested) {
        const cancelled: StylizerError = { code: 'cancelled', message: 'Cancelled.' };
        throw cancelled;
      }
      photo = null; // Transferred below: the worker closes it.
      const result = await client.stylize(bitmap, { embedding, keepColours: this.deps.keepColours(), stylize: this.deps.stylize() }, (progress) => {
        this.progress = progress;
        this.host.requestUpdate();
      });
      this.result = { name, width: result.width, height: result.height, tiles: result.tiles, ms: result.ms };
      this.setPreview(await previewUrl(result.preview));
      const scaled = scaledFrom ? ` (scaled down from ${scaledFrom.width}×${scaledFrom.height}, above the ${MAX_PHOTO_SIDE}-px limit)` : '';
      this.say(`Done: ${result.width}×${result.height}${scaled} in ${(result.ms / 1000).toFixed(1)} s, ${result.tiles} tiles.`, 'info');
      this.phase = 'done';
    } catch (error) {
      photo?.bitmap.close();
      this.phase = this.result ? 'done' : 'idle';
      if (isStylizerError(error) && error.code === 'cancelled') this.say('Cancelled; the live video was not touched.', 'info');
      else if (error instanceof PhotoError) this.say(error.message, 'error');
      else this.say(`The photo could not be stylized: ${isStylizerError(error) ? error.message : describeError(error)}`, 'error');
      // A crashed worker is started afresh next time.
      if (isStylizerError(error) && error.code === 'internal') this.dropClient();
    }
  }

  /** As the live video: the look, pulled toward the photo's own embedding when the strength is below 100%. */
  private async embeddingFor(photo: ImageBitmap): Promise<Float32Array> {
    const look = this.deps.look();
    if (!look) throw new PhotoError('Pick a style first.');
    const strength = this.deps.strength();
    if (strength >= 1) return look;
    const own = await this.deps.predict(await createImageBitmap(photo));
    return interpolateEmbeddings(own, look, strength);
  }

  private stillsClient(): Promise<StillsClient> {
    if (!this.client) {
      const backend = this.deps.backend();
      this.client = createStillsClient({ modelBaseUrl: this.deps.modelBaseUrl, ...(backend ? { backend } : {}) });
      this.client.catch(() => (this.client = null));
    }
    return this.client;
  }

  private dropClient(): void {
    void this.client?.then((client) => client.destroy()).catch(() => {});
    this.client = null;
  }

  private setPreview(url: string | null): void {
    if (this.previewUrl) URL.revokeObjectURL(this.previewUrl);
    this.previewUrl = url;
    this.host.requestUpdate();
  }

  private say(text: string, tone: 'info' | 'error'): void {
    this.message = { text, tone };
    this.host.requestUpdate();
  }
}

/** The worker's preview bitmap as an object URL for an <img>; the bitmap is closed. */
async function previewUrl(preview: ImageBitmap): Promise<string> {
  const canvas = new OffscreenCanvas(preview.width, preview.height);
  canvas.getContext('2d')!.drawImage(preview, 0, 0);
  preview.close();
  return URL.createObjectURL(await canvas.convertToBlob({ type: 'image/png' }));
}
