import * as tf from '@tensorflow/tfjs';
import { CodedError, toStylizerError } from '../shared/errors';
import {
  DEFAULT_SETTINGS,
  EMBEDDING_LENGTH,
  EMBEDDING_SHAPE,
  type BackendReport,
  type CameraFrame,
  type InitOptions,
  type ProcessingSettings,
  type StylizerApi,
  type StylizerEvents,
} from '../shared/protocol';
import { loadSession } from './load-session';
import { validatePipelineDepth, validateSettings, validateWasmThreads } from './settings-validation';
import { StyleEmbeddingState } from './style/style-embedding-state';
import type { StylizerSession } from './stylizer-session';

/**
 * The worker's API (what the page calls through Comlink): checks what arrives, keeps the settings
 * and the styles, and hands frames to the one session (`StylizerSession`: backend, networks,
 * predictor, frame path), which exists from a successful `init` to `dispose`.
 */
export class StylizerService implements StylizerApi {
  private session: StylizerSession | null = null;
  private loading = false;
  private disposed = false;
  private settings: ProcessingSettings = { ...DEFAULT_SETTINGS };
  /** Style embeddings by style id: each one is uploaded to the backend once. */
  private readonly embeddings = new Map<string, tf.Tensor4D>();
  private readonly style = new StyleEmbeddingState();
  /** The background's style in the Person and background mode; each embedding its own (never the cache's). */
  private readonly backgroundStyle = new StyleEmbeddingState();

  async init(options: InitOptions, canvas: OffscreenCanvas, events: StylizerEvents): Promise<BackendReport> {
    try {
      if (this.session || this.loading) throw new CodedError('invalid-argument', 'The stylizer is already initialised.');
      validateSettings(options.settings);
      validatePipelineDepth(options.pipelineDepth);
      validateWasmThreads(options.wasmThreads);
      this.settings = { ...DEFAULT_SETTINGS, ...options.settings };
      this.style.setStrength(this.settings.styleStrength);
      this.loading = true;
      const session = await loadSession({ init: options, canvas, events, settings: () => this.settings, style: this.style, backgroundStyle: this.backgroundStyle }).finally(() => (this.loading = false));
      // Disposed while loading: nothing may outlive the worker's dispose.
      if (this.disposed) {
        await session.dispose();
        throw new CodedError('not-ready', 'The stylizer was closed while it loaded.');
      }
      this.session = session;
      return session.report;
    } catch (error) {
      throw toStylizerError(error);
    }
  }

  async setStyle(styleId: string | null, embedding: Float32Array): Promise<void> {
    if (embedding.length !== EMBEDDING_LENGTH || !embedding.every(Number.isFinite)) {
      throw toStylizerError(new CodedError('invalid-argument', `A style embedding has ${EMBEDDING_LENGTH} finite numbers.`));
    }
    let tensor = styleId === null ? undefined : this.embeddings.get(styleId);
    if (!tensor) {
      tensor = tf.tensor4d(embedding, EMBEDDING_SHAPE);
      if (styleId !== null) this.embeddings.set(styleId, tensor);
    }
    // The first style shows at once: there is nothing to fade from.
    this.style.setTarget(tensor, styleId === null, performance.now(), this.style.hasStyle ? this.settings.crossfadeMs : 0);
    this.session?.styleChanged();
  }

  async setBackgroundStyle(embedding: Float32Array): Promise<void> {
    if (embedding.length !== EMBEDDING_LENGTH || !embedding.every(Number.isFinite)) {
      throw toStylizerError(new CodedError('invalid-argument', `A style embedding has ${EMBEDDING_LENGTH} finite numbers.`));
    }
    const fadeMs = this.backgroundStyle.hasStyle ? this.settings.crossfadeMs : 0;
    this.backgroundStyle.setTarget(tf.tensor4d(embedding, EMBEDDING_SHAPE), true, performance.now(), fadeMs);
  }

  async dropStyle(styleId: string): Promise<void> {
    const tensor = this.embeddings.get(styleId);
    if (!tensor) return;
    this.embeddings.delete(styleId);
    if (!this.style.adopt(tensor)) tensor.dispose();
  }

  /** Applies only what changed: a new strength must not restart the adaptive resolution's search. */
  async setSettings(settings: Partial<ProcessingSettings>): Promise<void> {
    try {
      validateSettings(settings);
    } catch (error) {
      throw toStylizerError(error);
    }
    const before = this.settings;
    this.settings = { ...this.settings, ...settings };
    if (settings.styleStrength !== undefined) this.style.setStrength(settings.styleStrength);
    this.session?.settingsChanged(before, settings);
  }

  pushFrame(frame: CameraFrame): void {
    if (!this.session || !this.style.hasStyle || this.disposed) frame.close();
    else this.session.push(frame);
  }

  /** Runs in the predictor's worker, beside the frames: the stream does not wait for it. */
  async predictStyle(image: ImageBitmap): Promise<Float32Array> {
    try {
      return await this.requireSession().predictor.predict(image);
    } catch (error) {
      image.close();
      throw toStylizerError(error, 'style-failed');
    }
  }

  async pause(): Promise<void> {
    await this.session?.pause();
  }

  async snapshot(): Promise<Blob> {
    try {
      return await this.requireSession().snapshot();
    } catch (error) {
      throw toStylizerError(error);
    }
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const session = this.session;
    this.session = null;
    await session?.dispose();
    this.style.dispose();
    this.backgroundStyle.dispose();
    for (const tensor of this.embeddings.values()) tensor.dispose();
    this.embeddings.clear();
  }

  private requireSession(): StylizerSession {
    if (!this.session) throw new CodedError('not-ready', 'The style models are not loaded yet.');
    return this.session;
  }
}
