import * as tf from '@tensorflow/tfjs';
import { EMBEDDING_LENGTH } from '../../shared/protocol';
import { ModelLoadError, type LoadOptions } from './model-loading';
import type { TfjsStyleTransformer } from './style-transformer';
import { FAST_NORM_EPSILON, fastResidualConvs } from './fast-network-layout';

/** Folder (under the model base URL) of the project's own fast network, made by `npm run train`. */
const FAST_NETWORK_FOLDER = 'fast-transformer';
/** Its ONNX file, for ONNX Runtime; the tfjs engine reads weights.json + weights.bin beside it. */
export const FAST_NETWORK_ONNX = `${FAST_NETWORK_FOLDER}/fast-transformer.onnx`;


interface WeightsManifest {
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

/**
 * The fast network on tfjs, written out as ops (training/student.py is the reference; a model test
 * checks that this and its ONNX export agree). Frames are NHWC; H and W must be multiples of 4,
 * as the processing sizes are. Weights are float16 on the wire, float32 on the backend.
 */
export async function createFastStyleTransformer(options: LoadOptions): Promise<TfjsStyleTransformer> {
  return new FastStyleTransformer(await loadFastNetworkWeights(options));
}

/** The fast network's weights as tensors (the caller disposes them), checked for a cut-off download. */
export async function loadFastNetworkWeights(options: LoadOptions): Promise<tf.NamedTensorMap> {
  const base = `${options.baseUrl.replace(/\/$/, '')}/${FAST_NETWORK_FOLDER}/`;
  const url = `${base}weights.json`;
  try {
    const manifest = (await fetchOk(url).then((response) => response.json())) as WeightsManifest;
    const group = manifest.weightsManifest[0]!;
    const buffers = await Promise.all(group.paths.map((path) => fetchOk(base + path).then((response) => response.arrayBuffer())));
    options.onProgress?.(1);
    const data = concatenate(buffers);
    const expected = group.weights.reduce((sum, spec) => sum + spec.shape.reduce((a, b) => a * b, 1) * (spec.quantization?.dtype === 'float16' ? 2 : 4), 0);
    // A cut-off download must fail here, by name, not as a strange picture.
    if (data.byteLength !== expected) throw new Error(`its weights have ${data.byteLength} bytes, ${expected} expected (a broken download?)`);
    return tf.io.decodeWeights(data, group.weights);
  } catch (error) {
    throw new ModelLoadError('fast-transformer', url, error);
  }
}

/** A short plain-text answer says why (the service worker's "the saved copy … was damaged …"). */
const REASON_MAX_CHARS = 300;

async function fetchOk(url: string): Promise<Response> {
  const response = await fetch(url);
  if (response.ok) return response;
  const reason = response.headers.get('Content-Type')?.startsWith('text/plain') ? (await response.text()).slice(0, REASON_MAX_CHARS) : '';
  throw new Error(`HTTP ${response.status}${reason ? `: ${reason}` : ''}`);
}

function concatenate(buffers: ArrayBuffer[]): ArrayBuffer {
  const joined = new Uint8Array(buffers.reduce((sum, buffer) => sum + buffer.byteLength, 0));
  let offset = 0;
  for (const buffer of buffers) {
    joined.set(new Uint8Array(buffer), offset);
    offset += buffer.byteLength;
  }
  return joined.buffer;
}

class FastStyleTransformer implements TfjsStyleTransformer {
  readonly engine = 'tfjs';

  private readonly residualConvs: number;

  constructor(private readonly weights: tf.NamedTensorMap) {
    this.residualConvs = fastResidualConvs(Object.keys(weights));
  }

  stylize(content: tf.Tensor3D, embedding: tf.Tensor4D): tf.Tensor3D {
    return tf.tidy(() => {
      const style = embedding.reshape([1, EMBEDDING_LENGTH]) as tf.Tensor2D;
      const input = content.toFloat().div(255).expandDims(0) as tf.Tensor4D;
      const skip = tf.relu(this.norm('norm1', this.conv('enc1', input, 2), style));
      let x = tf.relu(this.norm('norm2', this.conv('enc2', skip, 2), style));
      for (let i = 0; i < this.residualConvs; i += 2) {
        const y = tf.relu(this.norm(`res_norms.${i}`, this.conv(`res.${i}`, x), style));
        x = tf.add(x, this.norm(`res_norms.${i + 1}`, this.conv(`res.${i + 1}`, y), style));
      }
      x = tf.add(tf.depthToSpace(this.conv('up1', x), 2, 'NHWC'), skip);
      x = tf.relu(this.norm('norm3', this.conv('dec1', x), style));
      const out = tf.depthToSpace(this.conv('up2', x), 2, 'NHWC').sigmoid();
      return out.squeeze([0]) as tf.Tensor3D;
    });
  }

  dispose(): void {
    tf.dispose(Object.values(this.weights));
  }

  private weight(name: string): tf.Tensor {
    const tensor = this.weights[name];
    if (!tensor) throw new Error(`The fast network has no weight ${name}`);
    return tensor;
  }

  /** Zero padding of half the kernel on every side, as PyTorch's padding=k//2 (not TF's 'same', which pads stride-2 convolutions on one side only). */
  private conv(name: string, x: tf.Tensor4D, stride = 1): tf.Tensor4D {
    const filter = this.weight(`${name}.weight`) as tf.Tensor4D;
    const pad = Math.floor(filter.shape[0] / 2);
    return tf.conv2d(x, filter, stride, pad).add(this.weight(`${name}.bias`));
  }

  /** Conditional instance norm: scale and shift from the style embedding. */
  private norm(name: string, x: tf.Tensor4D, style: tf.Tensor2D): tf.Tensor4D {
    const { mean, variance } = tf.moments(x, [1, 2], true);
    const normalized = x.sub(mean).mul(tf.rsqrt(variance.add(FAST_NORM_EPSILON)));
    const channels = x.shape[3];
    const scale = style.matMul(this.weight(`${name}.scale.weight`) as tf.Tensor2D).add(this.weight(`${name}.scale.bias`)).reshape([1, 1, 1, channels]);
    const shift = style.matMul(this.weight(`${name}.shift.weight`) as tf.Tensor2D).add(this.weight(`${name}.shift.bias`)).reshape([1, 1, 1, channels]);
    return normalized.mul(scale).add(shift);
  }
}
