import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { describeError, isStylizerError } from '../../shared/errors';
import type { BackendName, NetworkPreference } from '../../shared/protocol';
import {
  DEFAULT_RENDER_PROCESSING_SIZE,
  type RenderLook,
  type RenderProgress,
  type RenderQuality,
  type RenderResolution,
  type VideoFacts,
} from '../../shared/render-protocol';
import { saveFile } from '../common/save-file';
import { LookTimeline } from './look-timeline';
import { createRenderClient, type RenderClient } from './render-client';
import { durationText, estimateText, factsText } from './render-text';

interface RenderDeps {
  modelBaseUrl: string;
  /** The live stylizer's backend, once it runs. */
  backend(): BackendName | undefined;
  network(): NetworkPreference;
  /** The look on screen (a style or a mix) at full strength, or null before the first style. */
  look(): Float32Array | null;
  /** The live settings that shape each frame. */
  quality(): RenderQuality;
  /** The live predictor's embedding of a picture (transferred). */
  predict(picture: ImageBitmap): Promise<Float32Array>;
  /** Milliseconds a frame would take at `processingShortSide`, from the live video's pace; null before it has one. */
  msPerFrame(processingShortSide: number, facts: VideoFacts): number | null;
}

type RenderPhase = 'idle' | 'inspecting' | 'ready' | 'working' | 'done';

interface RenderedVideo {
  url: string;
  fileName: string;
  width: number;
  height: number;
  frames: number;
}

/**
 * Render video: every frame of a file stylized in the render worker (started on first use, ended
 * with the host), with progress, Cancel, a preview and Download. Owns the result's object URL, and
 * asks before the tab closes while a render runs.
 */
export class RenderController implements ReactiveController {
  phase: RenderPhase = 'idle';
  chosen: { file: File; facts: VideoFacts } | null = null;
  resolution: RenderResolution = 'source';
  processingShortSide: number = DEFAULT_RENDER_PROCESSING_SIZE;
  progress: RenderProgress = { done: 0, total: 1, elapsedMs: 0, leftMs: null };
  message: { text: string; tone: 'info' | 'error' } | null = null;
  result: RenderedVideo | null = null;
  /** The looks sent to the live stylizer and when (the app records each), for rendering a recording of the source. */
  readonly looks = new LookTimeline();
  private client: Promise<RenderClient> | null = null;
  private readonly askBeforeLeaving = (event: BeforeUnloadEvent) => event.preventDefault();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: RenderDeps,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    window.removeEventListener('beforeunload', this.askBeforeLeaving);
    void this.client?.then((client) => client.destroy()).catch(() => {});
    this.client = null;
    this.setResult(null);
  }

  /** A file from the input (or the live source's file): its facts are read before anything runs. */
  async choose(file: File | null): Promise<void> {
    if (this.phase === 'working') return;
    this.chosen = null;
    if (!file) {
      this.phase = 'idle';
      this.host.requestUpdate();
      return;
    }
    this.phase = 'inspecting';
    this.say(`Reading “${file.name}”…`, 'info');
    try {
      const facts = await (await this.renderClient()).inspect(file, file.name);
      this.chosen = { file, facts };
      this.phase = 'ready';
      this.sayEstimate();
    } catch (error) {
      this.phase = 'idle';
      this.say(isStylizerError(error) ? error.message : `“${file.name}” could not be read: ${describeError(error)}`, 'error');
      if (isStylizerError(error) && error.code === 'internal') this.dropClient();
    }
  }

  setResolution(resolution: RenderResolution): void {
    this.resolution = resolution;
    if (this.phase === 'ready') this.sayEstimate();
    this.host.requestUpdate();
  }

  setProcessingSize(shortSide: number): void {
    this.processingShortSide = shortSide;
    if (this.phase === 'ready') this.sayEstimate();
    this.host.requestUpdate();
  }

  /** A recording of the source (`from`–`to`, page time), rendered at once with the looks that were on at each moment of it. */
  async renderRecording(recording: Blob, name: string, from: number, to: number): Promise<void> {
    if (this.phase === 'working') return this.say(`“${name}” is kept in the recordings list: render it here when this render is done.`, 'info');
    const file = new File([recording], name, { type: recording.type });
    await this.choose(file);
    if (this.chosen?.file === file) await this.render(this.looks.between(from, to));
  }

  /** `looks`: a recording's timeline; otherwise the look on screen now, all through. */
  async render(looks: RenderLook[] = []): Promise<void> {
    const chosen = this.chosen;
    const look = this.deps.look();
    if (!chosen || this.phase === 'working') return;
    if (!look && looks.length === 0) return this.say('Pick a style first.', 'error');
    this.phase = 'working';
    this.progress = { done: 0, total: chosen.facts.frames, elapsedMs: 0, leftMs: null };
    this.say(`Rendering “${chosen.file.name}”: loading…`, 'info');
    window.addEventListener('beforeunload', this.askBeforeLeaving);
    try {
      const client = await this.renderClient();
      const request = { file: chosen.file, name: chosen.file.name, looks: looks.length > 0 ? looks : [{ atS: 0, embedding: look! }], quality: this.deps.quality(), resolution: this.resolution, processingShortSide: this.processingShortSide };
      const result = await client.render(request, (progress) => this.showProgress(progress), (picture) => this.deps.predict(picture));
      const base = chosen.file.name.replace(/\.[^.]+$/, '') || 'video';
      this.setResult({ url: URL.createObjectURL(new Blob([result.bytes], { type: result.mimeType })), fileName: `${base}-stylized.${result.extension}`, width: result.width, height: result.height, frames: result.frames });
      const sound = result.audio ? ' with its sound' : ' (no sound)';
      this.say([`Done: ${result.frames} frames at ${result.width}×${result.height}${sound} in ${durationText(result.ms)}.`, ...result.notes].join(' '), 'info');
      this.phase = 'done';
    } catch (error) {
      this.phase = 'ready';
      if (isStylizerError(error) && error.code === 'cancelled') this.say('Render cancelled; the live video was not touched.', 'info');
      else this.say(`The video could not be rendered: ${isStylizerError(error) ? error.message : describeError(error)}`, 'error');
      if (isStylizerError(error) && error.code === 'internal') this.dropClient();
    } finally {
      window.removeEventListener('beforeunload', this.askBeforeLeaving);
      this.host.requestUpdate();
    }
  }

  async cancel(): Promise<void> {
    if (this.phase !== 'working') return;
    await this.client?.then((client) => client.cancel()).catch(() => {});
  }

  download(): void {
    if (this.result) saveFile(this.result.url, this.result.fileName);
  }

  private showProgress(progress: RenderProgress): void {
    this.progress = progress;
    const left = progress.leftMs === null ? '' : `, about ${durationText(progress.leftMs)} left`;
    this.say(`Rendering “${this.chosen?.file.name ?? ''}”: frame ${progress.done} of ${progress.total}, ${durationText(progress.elapsedMs)} so far${left}.`, 'info');
  }

  private sayEstimate(): void {
    if (!this.chosen) return;
    const { file, facts } = this.chosen;
    const msPerFrame = this.deps.msPerFrame(this.processingShortSide, facts);
    this.say(`“${file.name}”: ${factsText(facts)} ${estimateText(msPerFrame, facts.frames)}`, 'info');
  }

  private renderClient(): Promise<RenderClient> {
    if (!this.client) {
      const backend = this.deps.backend();
      this.client = createRenderClient({ modelBaseUrl: this.deps.modelBaseUrl, network: this.deps.network(), ...(backend ? { backend } : {}) });
      this.client.catch(() => (this.client = null));
    }
    return this.client;
  }

  private dropClient(): void {
    void this.client?.then((client) => client.destroy()).catch(() => {});
    this.client = null;
  }

  private setResult(result: RenderedVideo | null): void {
    if (this.result) URL.revokeObjectURL(this.result.url);
    this.result = result;
    this.host.requestUpdate();
  }

  private say(text: string, tone: 'info' | 'error'): void {
    this.message = { text, tone };
    this.host.requestUpdate();
  }
}
