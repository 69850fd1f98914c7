import * as tf from '@tensorflow/tfjs';
import { ModelLoadError } from './model-loading';

/** MediaPipe's landscape selfie segmentation takes the whole frame squeezed to this size (aspect not kept). */
export const SEGMENTER_INPUT = { width: 256, height: 144 } as const;

/** Where the app serves the network, under the models folder. */
export function segmenterUrl(modelBaseUrl: string): string {
  return `${modelBaseUrl.replace(/\/$/, '')}/segmentation/tfjs_landscape/model.json`;
}

/** Finds the people in a frame. Callers `dispose()` it. */
export interface PersonSegmenter {
  /**
   * The probability of "person" for each pixel of the network's own grid, [144,256,1] in 0..1, for a
   * frame of RGB 0..255 at any size. Call inside a tf.tidy (the result is the caller's).
   */
  segment(pixels: tf.Tensor3D): tf.Tensor3D;
  dispose(): void;
}

/**
 * A segmenter on an engine that runs asynchronously (LiteRT): `segmentAhead` works out a frame's
 * mask before the frame's synchronous work, and `segment` hands it over (once; null if there is
 * none). Callers `dispose()` it.
 */
export interface AheadPersonSegmenter {
  segmentAhead(pixels: tf.Tensor3D): Promise<void>;
  /** The mask `segmentAhead` made, [144,256,1] in 0..1; call inside a tf.tidy (the result is the caller's). */
  segment(): tf.Tensor3D | null;
  dispose(): void;
}

/** The network's input, as MediaPipe prepares it: the whole frame resized bilinearly with half-pixel centres, RGB divided by 255, [1,144,256,3]. */
function segmenterInput(pixels: tf.Tensor3D): tf.Tensor4D {
  const { width, height } = SEGMENTER_INPUT;
  return tf.image.resizeBilinear(pixels.toFloat().div(255).expandDims(0) as tf.Tensor4D, [height, width], false, true);
}

/**
 * MediaPipe's selfie segmentation (landscape, Apache-2.0; `../shared/models/segmentation`, checked
 * there against MediaPipe's own runtime) as a tfjs graph model on the worker's backend: no readback,
 * so on a GPU the mask stays on the device with the frame. Preprocessing as MediaPipe does it: the
 * whole frame resized bilinearly with half-pixel centres, RGB divided by 255.
 */
export async function createPersonSegmenter(modelBaseUrl: string): Promise<PersonSegmenter> {
  const url = segmenterUrl(modelBaseUrl);
  let model: tf.GraphModel;
  try {
    model = await tf.loadGraphModel(url);
  } catch (error) {
    throw new ModelLoadError('person-segmentation', url, error);
  }
  const segmenter = new GraphPersonSegmenter(model);
  // One run now: the first frame with a mask should not be the one that compiles its kernels.
  tf.tidy(() => segmenter.segment(tf.zeros([SEGMENTER_INPUT.height, SEGMENTER_INPUT.width, 3])));
  return segmenter;
}

class GraphPersonSegmenter implements PersonSegmenter {
  constructor(private readonly model: tf.GraphModel) {}

  segment(pixels: tf.Tensor3D): tf.Tensor3D {
    return tf.tidy(() => {
      const mask = this.model.execute(segmenterInput(pixels), 'mask') as tf.Tensor4D;
      return mask.squeeze([0]) as tf.Tensor3D;
    });
  }

  dispose(): void {
    this.model.dispose();
  }
}
