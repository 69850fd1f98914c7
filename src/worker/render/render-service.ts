import * as Comlink from 'comlink';
import { Conversion, ConversionCanceledError, type VideoSample } from 'mediabunny';
import { CodedError, describeError, toStylizerError } from '../../shared/errors';
import { chooseNetwork } from '../../shared/network-choice';
import { EMBEDDING_LENGTH, type BackendName } from '../../shared/protocol';
import { DEFAULT_RENDER_PROCESSING_SIZE, RENDER_PROCESSING_SIZES, type RenderApi, type RenderInitOptions, type RenderProgress, type RenderRequest, type RenderResult, type VideoFacts } from '../../shared/render-protocol';
import { startBackend } from '../backend/backend-setup';
import { processingSize } from '../geometry/frame-sizes';
import { loadTransformer } from '../model/load-transformer';
import { createPersonSegmenter, type PersonSegmenter } from '../model/person-segmenter';
import type { StyleTransformer } from '../model/style-transformer';
import type { Segment } from '../quality/region-mask';
import { createRenderOutput, openVideo, renderSize, videoTime, type OpenedVideo } from './video-file';
import { loadChainPasses } from '../quality/create-quality-chain';
import { VideoStylizer } from './video-stylizer';

/** Frames before the time left is estimated (the first ones include compiling). */
const ESTIMATE_AFTER_FRAMES = 3;

function validate(request: RenderRequest): void {
  const problem =
    request.looks.length === 0 ? 'a render needs a style'
    : !request.looks.every((look) => look.embedding.length === EMBEDDING_LENGTH && look.embedding.every(Number.isFinite) && Number.isFinite(look.atS)) ? `a style embedding has ${EMBEDDING_LENGTH} finite numbers`
    : !(RENDER_PROCESSING_SIZES as readonly number[]).includes(request.processingShortSide) ? `the processing size is one of ${RENDER_PROCESSING_SIZES.join(', ')}`
    : null;
  if (problem) throw new CodedError('invalid-argument', `Render: ${problem}.`);
}

/**
 * The render worker: its own backend and network (the live video's engine choice), one video at a
 * time. Decoding, stylizing and encoding stream through mediabunny's Conversion with back-pressure:
 * a frame is decoded when the encoder has room, so memory stays bounded whatever the length. The
 * file's sound is copied as it is. Nothing is kept between renders but the network.
 */
export class RenderService implements RenderApi {
  private transformer: StyleTransformer | null = null;
  private backend: BackendName = 'wasm';
  private modelBaseUrl = '';
  private segmenter: Promise<PersonSegmenter> | null = null;
  private conversion: Conversion | null = null;
  private cancelled = false;

  async init(options: RenderInitOptions): Promise<{ backend: BackendName; network: string }> {
    try {
      const backend = await startBackend(options.backend);
      const network = chooseNetwork(options.network, backend.name).network;
      this.backend = backend.name;
      this.modelBaseUrl = options.modelBaseUrl;
      const shortSide = DEFAULT_RENDER_PROCESSING_SIZE;
      const loaded = await loadTransformer({ baseUrl: options.modelBaseUrl, backend: backend.name, threads: backend.threads, network, size: processingSize(640, 480, shortSide), shortSide });
      this.transformer = loaded.transformer;
      return { backend: backend.name, network };
    } catch (error) {
      throw toStylizerError(error, 'model-load-failed');
    }
  }

  async inspect(file: Blob, name: string): Promise<VideoFacts> {
    try {
      const opened = await openVideo(file, name);
      opened.dispose();
      return opened.facts;
    } catch (error) {
      throw toStylizerError(error);
    }
  }

  async render(request: RenderRequest, onProgress: (progress: RenderProgress) => void, predict: (picture: ImageBitmap) => Promise<Float32Array>): Promise<RenderResult> {
    let opened: OpenedVideo | null = null;
    let stylizer: VideoStylizer | null = null;
    try {
      if (!this.transformer) throw new CodedError('not-ready', 'The video renderer is still loading.');
      if (this.conversion) throw new CodedError('invalid-argument', 'A video is already being rendered.');
      validate(request);
      this.cancelled = false;
      const started = performance.now();
      opened = await openVideo(request.file, request.name);
      const { facts } = opened;
      const size = renderSize(facts, request.resolution);
      const processing = processingSize(size.width, size.height, request.processingShortSide);
      const segment = await this.segmentFor(request);
      stylizer = new VideoStylizer({
        backend: this.backend,
        outputPasses: await loadChainPasses(this.backend),
        transformer: this.transformer,
        quality: request.quality,
        looks: request.looks,
        processingShortSide: request.processingShortSide,
        segment,
        predict: (picture) => predict(Comlink.transfer(picture, [picture])),
      });
      await stylizer.warmUp(size, processing);
      const target = await createRenderOutput(size);
      const notes = [...target.notes];
      if (request.quality.stylize === 'both') notes.push('Person and background (two styles) is for the live view: the render gives the whole frame the main style.');
      let done = 0;
      let lastS = 0;
      const frames = stylizer;
      const conversion = await Conversion.init({
        input: opened.input,
        output: target.output,
        tracks: 'primary',
        video: {
          width: size.width,
          height: size.height,
          fit: 'fill',
          codec: target.codec,
          // The stylizer returns its own canvas; mediabunny copies it into a frame before the next one.
          process: async (sample: VideoSample) => {
            const result = await frames.stylize(sample.toVideoFrame(), sample.timestamp);
            done++;
            lastS = sample.timestamp + sample.duration;
            const elapsedMs = performance.now() - started;
            const leftMs = done >= ESTIMATE_AFTER_FRAMES ? (elapsedMs / done) * Math.max(0, facts.frames - done) : null;
            onProgress({ done, total: facts.frames, elapsedMs, leftMs });
            return result;
          },
          processedWidth: size.width,
          processedHeight: size.height,
        },
        showWarnings: false,
      });
      const audioDropped = conversion.discardedTracks.find((discarded) => discarded.track.type === 'audio');
      if (audioDropped) notes.push(`The sound could not be kept (${audioDropped.reason.replaceAll('_', ' ')}).`);
      if (!conversion.isValid) throw new CodedError('style-failed', `“${request.name}” cannot be rendered here: ${conversion.discardedTracks.map((d) => d.reason.replaceAll('_', ' ')).join(', ')}.`);
      this.conversion = conversion;
      if (this.cancelled) await conversion.cancel();
      try {
        await conversion.execute();
      } catch (error) {
        if (error instanceof ConversionCanceledError || this.cancelled) throw new CodedError('cancelled', 'The render was cancelled; nothing was kept.');
        throw new CodedError('style-failed', `The render stopped at ${videoTime(lastS)} (frame ${done} of ${facts.frames}): ${describeError(error)}`);
      }
      if (done < facts.frames - 1) notes.push(`The file ends early: ${done} of ${facts.frames} frames could be read (up to ${videoTime(lastS)}).`);
      const bytes = target.output.target.buffer;
      if (!bytes) throw new CodedError('internal', 'The rendered file was not written.');
      const result: RenderResult = {
        bytes,
        mimeType: target.mimeType,
        extension: target.extension,
        width: size.width,
        height: size.height,
        frames: done,
        durationS: lastS,
        audio: facts.audio && !audioDropped,
        ms: performance.now() - started,
        notes,
      };
      return Comlink.transfer(result, [bytes]);
    } catch (error) {
      throw toStylizerError(error, 'style-failed');
    } finally {
      this.conversion = null;
      stylizer?.dispose();
      opened?.dispose();
    }
  }

  async cancel(): Promise<void> {
    this.cancelled = true;
    await this.conversion?.cancel();
  }

  async dispose(): Promise<void> {
    await this.cancel().catch(() => {});
    this.transformer?.dispose();
    this.transformer = null;
    void this.segmenter?.then((segmenter) => segmenter.dispose()).catch(() => {});
    this.segmenter = null;
  }

  /** Person only / Background only load the segmenter (once, kept for later renders). */
  private async segmentFor(request: RenderRequest): Promise<Segment | null> {
    const region = request.quality.stylize;
    if (region !== 'person' && region !== 'background') return null;
    this.segmenter ??= createPersonSegmenter(this.modelBaseUrl);
    try {
      const segmenter = await this.segmenter;
      return (pixels) => segmenter.segment(pixels);
    } catch (error) {
      this.segmenter = null;
      throw error;
    }
  }
}
