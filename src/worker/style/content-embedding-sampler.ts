import * as tf from '@tensorflow/tfjs';
import { describeError } from '../../shared/errors';
import { EMBEDDING_SHAPE } from '../../shared/protocol';
import type { StyleEmbeddingState } from './style-embedding-state';

/** Below full strength, the content's own embedding is refreshed this often from a recent frame. */
const CONTENT_EMBEDDING_INTERVAL_MS = 2000;

/**
 * Keeps the content's own embedding fresh for strengths below 100%: every 2 s (never per frame)
 * a copy of a frame's scaled pixels goes to the predictor, which runs beside the frames; the result
 * replaces the content embedding when it arrives. One prediction at a time.
 */
export class ContentEmbeddingSampler {
  private sampledAt = Number.NEGATIVE_INFINITY;
  private predicting = false;
  private disposed = false;

  constructor(
    private readonly style: StyleEmbeddingState,
    /** Transfers the bitmap. */
    private readonly predict: (bitmap: ImageBitmap) => Promise<Float32Array>,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Sees a frame while it is open; takes a copy (`snapshot`) only when a sample is due. */
  async offer(snapshot: () => Promise<ImageBitmap>): Promise<void> {
    if (this.disposed || this.predicting || !this.style.wantsContent || this.now() - this.sampledAt < CONTENT_EMBEDDING_INTERVAL_MS) return;
    this.sampledAt = this.now();
    this.predicting = true;
    let copy: ImageBitmap;
    try {
      copy = await snapshot();
    } catch (error) {
      this.predicting = false;
      console.warn(`Content embedding skipped: ${describeError(error)}`);
      return;
    }
    void this.predict(copy)
      .then((values) => {
        if (!this.disposed) this.style.setContent(tf.tensor4d(values, EMBEDDING_SHAPE));
      })
      .catch((error: unknown) => console.warn(`Content embedding failed; the last one stays: ${describeError(error)}`))
      .finally(() => (this.predicting = false));
  }

  dispose(): void {
    this.disposed = true;
  }
}
