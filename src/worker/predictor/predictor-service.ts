import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { CodedError, toStylizerError } from '../../shared/errors';
import { STYLE_PREPASS_SIZE } from '../../shared/protocol';
import { WASM_BINARIES } from '../backend/wasm-binaries';
import { createStylePredictor, STYLE_IMAGE_SIZE, type StylePredictor } from '../model/style-predictor';
import type { PredictorApi, PredictorInitOptions, PredictorReport } from './predictor-api';

setWasmPaths(WASM_BINARIES);

/** The predictor worker's side: its own tfjs (WebAssembly, else the plain CPU backend) and the network. */
export class PredictorService implements PredictorApi {
  private predictor: StylePredictor | null = null;
  private warmedUp: Promise<void> = Promise.resolve();

  async init(options: PredictorInitOptions, onProgress: (fraction: number) => void): Promise<PredictorReport> {
    try {
      // The CPU: predictions then never compete with the frames for a GPU, and WebAssembly runs
      // this network in about 0.1-0.3 s. The default single thread leaves the other cores to frames.
      const backend = (await tf.setBackend('wasm').catch(() => false)) ? 'wasm' : (await tf.setBackend('cpu'), 'cpu');
      await tf.ready();
      this.predictor = await createStylePredictor({ baseUrl: options.modelBaseUrl, onProgress });
      return { backend, threads: backend === 'wasm' ? getThreadsCount() : null };
    } catch (error) {
      throw toStylizerError(error);
    }
  }

  async warmUp(): Promise<void> {
    const predictor = this.predictor;
    if (!predictor) return;
    this.warmedUp = (async () => {
      const warm = tf.tidy(() => predictor.predict(tf.zeros([STYLE_IMAGE_SIZE, STYLE_IMAGE_SIZE, 3])));
      await warm.data();
      warm.dispose();
    })();
    await this.warmedUp;
  }

  async predict(image: ImageBitmap): Promise<Float32Array> {
    try {
      if (!this.predictor) throw new CodedError('not-ready', 'The style predictor is not loaded yet.');
      const predictor = this.predictor;
      await this.warmedUp;
      const small = await shrink(image);
      try {
        const embedding = tf.tidy(() => predictor.predict(tf.browser.fromPixels(small)));
        const values = (await embedding.data()) as Float32Array;
        embedding.dispose();
        return values;
      } finally {
        if (small !== image) small.close();
      }
    } catch (error) {
      throw toStylizerError(error, 'style-failed');
    } finally {
      image.close();
    }
  }

  async dispose(): Promise<void> {
    await this.warmedUp.catch(() => {});
    this.predictor?.dispose();
    this.predictor = null;
  }
}

/** Pictures larger than the pre-pass size are shrunk with a high-quality (antialiased) resize first. */
async function shrink(image: ImageBitmap): Promise<ImageBitmap> {
  const scale = STYLE_PREPASS_SIZE / Math.max(image.width, image.height);
  if (scale >= 1) return image;
  return createImageBitmap(image, {
    resizeWidth: Math.max(1, Math.round(image.width * scale)),
    resizeHeight: Math.max(1, Math.round(image.height * scale)),
    resizeQuality: 'high',
  });
}
