import type * as tf from '@tensorflow/tfjs';
import { describeError } from '../shared/errors';
import type { PersonMaskReport, StylizeRegion } from '../shared/protocol';
import type { AheadPersonSegmenter, PersonSegmenter } from './model/person-segmenter';

type AnySegmenter = PersonSegmenter | AheadPersonSegmenter;
const computesAhead = (segmenter: AnySegmenter): segmenter is AheadPersonSegmenter => 'segmentAhead' in segmenter;

/**
 * The person-segmentation network for a session: loaded the first time a region other than
 * Everything is wanted (in the background: frames go on, all of each stylized, until it is ready),
 * kept for later switches, and freed with the session. A failure is reported (in the stats, by
 * name and URL) and the stream goes on with the whole frame stylized.
 */
export class PersonSegmentation {
  private segmenter: AnySegmenter | null = null;
  private loading: Promise<void> | null = null;
  private report: PersonMaskReport = { state: 'not-loaded', reason: '' };
  private disposed = false;

  constructor(private readonly load: () => Promise<AnySegmenter>) {}

  get state(): PersonMaskReport {
    return this.report;
  }

  /** The region now chosen: anything but Everything loads the network (once; a failed load is not retried). */
  want(region: StylizeRegion): void {
    if (region === 'everything' || this.loading || this.disposed) return;
    this.report = { state: 'loading', reason: '' };
    this.loading = this.load().then(
      (segmenter) => {
        if (this.disposed) {
          segmenter.dispose();
          return;
        }
        this.segmenter = segmenter;
        this.report = { state: 'ready', reason: '' };
      },
      (error: unknown) => {
        this.report = { state: 'failed', reason: describeError(error) };
      },
    );
  }

  /** On an asynchronous engine, works out the mask of the frame whose `segment` comes next. */
  async segmentAhead(pixels: tf.Tensor3D): Promise<void> {
    const segmenter = this.segmenter;
    if (segmenter && computesAhead(segmenter)) await segmenter.segmentAhead(pixels);
  }

  /** The frame's person probability on the segmenter's grid; null until it is ready. Call inside a tf.tidy. */
  segment(pixels: tf.Tensor3D): tf.Tensor3D | null {
    const segmenter = this.segmenter;
    if (!segmenter) return null;
    return computesAhead(segmenter) ? segmenter.segment() : segmenter.segment(pixels);
  }

  /** Settles when a load under way has finished (tests, and disposing without a leak). */
  async settled(): Promise<void> {
    await this.loading;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.loading;
    this.segmenter?.dispose();
    this.segmenter = null;
  }
}
