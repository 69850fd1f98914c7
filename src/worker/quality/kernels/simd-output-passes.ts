import * as tf from '@tensorflow/tfjs';
import type { Size } from '../../geometry/frame-sizes';
import { lumaRange, type LumaPlane } from '../camera-luma';
import { LUMA_WEIGHTS, resizeTo } from '../colour-space';
import type { CameraRegion, OutputPasses, ProcessingSizeKernels } from '../output-passes';
import { ImagesInTurn, type Plane } from '../pixel-output';
import { EDGE_HIGH, EDGE_LOW, GUIDE_EPSILON, guidedFilterGrid, type MaskRefiner } from '../region-mask';
import { BLUR_SIZE, MOTION_BOUND, NOISE_BOUND, NOISE_GRID, STILL_INPUT_WEIGHT, STILL_OUTPUT_WEIGHT } from '../temporal-stabilizer';
import { tensorValues } from '../tensor-values';
import { isYuvPicture, type YuvPicture } from '../yuv-picture';
import { aligned, KernelMemory, rgbBytes, type PixelKernelExports } from './kernel-memory';

/** Room for the kernels' sample tables and two resampled rows (see `compose` in the kernels). */
const scratchBytes = (width: number, height: number): number => aligned(12 * (width + height) + 32 * width);

/**
 * Room for `rgbFromYuv`'s four sample tables, the source rows it blends down (luma, and chroma at
 * most twice half the width) and the output row's Y, Cb, Cr and last pixels, with alignment.
 */
const yuvScratchBytes = (picture: YuvPicture): number => {
  const { width, height } = picture.to;
  return 24 * (width + height) + 4 * (picture.width + 4) + 8 * (picture.width + 6) + 12 * (width + 4) + 48 + 32;
};

const NO_PLANE = { offset: 0, stride: 0 };

const sameSize = (a: Size, b: Size): boolean => a.width === b.width && a.height === b.height;

/**
 * The CPU quality chain's per-pixel work in WebAssembly SIMD (`pixel-kernels.as.ts`): the output
 * passes (camera guide, upsampling with Detail, 8-bit RGBA), the processing-size stages
 * (`processingKernels`: the import, Reduce flicker, the regions' composing) and the mask's
 * refinement (`refiner`), sharing one memory so the motion mask and the frames in flight are read
 * where they were made. One instance per chain: its memory keeps the references between frames
 * (`KernelMemory`); frames are copied in and results out, each a plain memory copy.
 */
export class SimdOutputPasses implements OutputPasses, ProcessingSizeKernels {
  readonly kind = 'wasm-simd';
  readonly processingKernels: ProcessingSizeKernels = this;
  readonly refiner: MaskRefiner = (mask, pixels) => this.refineMask(mask, pixels);
  private readonly layout: KernelMemory;
  private guideHistory = false;
  /** The frame `importPixels` made, while its floats are still at `at` (any other use of the call's area ends that). */
  private imported: { tensor: tf.Tensor3D; at: number } | null = null;
  /** The tensor `stabilizeOutput` last handed on, whose values are the output reference (until the next frame or a reset). */
  private keptOutput: tf.Tensor3D | null = null;
  private inputHistory = false;
  private outputHistory = false;
  private readonly images = new ImagesInTurn();

  private constructor(private readonly kernels: PixelKernelExports) {
    this.layout = new KernelMemory(kernels.memory);
  }

  /** A new instance of the compiled kernels, with its own memory. */
  static async create(module: WebAssembly.Module): Promise<SimdOutputPasses> {
    const instance = await WebAssembly.instantiate(module, {});
    return new SimdOutputPasses(instance.exports as unknown as PixelKernelExports);
  }

  stabilizeInput(frame: tf.Tensor3D, keep: boolean): { input: tf.Tensor3D; motion: tf.Tensor3D } {
    const [height, width] = frame.shape;
    const layout = this.layout;
    if (keep && !sameSize(layout.processing, { width, height })) {
      // A new size (or the first frame) drops everything kept at the old one; the guide moves too.
      layout.processing = { width, height };
      this.resetAll();
    }
    const count = width * height;
    // The frame the kernels just imported is still at the start of the call's area (nothing has used it since).
    const inPlace = this.importedAt(frame) !== null;
    const frameAt = this.callArea();
    const values = inPlace ? null : (tensorValues(frame) as Float32Array | Int32Array);
    // Without `keep` (or at a size the references are not kept at) everything goes to the call's own area.
    const kept = keep || sameSize(layout.processing, { width, height });
    const outAt = keep ? layout.inputReference : frameAt + rgbBytes(count);
    const motionAt = keep ? layout.motion : outAt + rgbBytes(count);
    const scratchAt = keep ? frameAt + rgbBytes(count) : motionAt + aligned(count * 4);
    layout.reserve(scratchAt + 6 * aligned(count * 4) + 16);
    if (values) layout.write(frameAt, values);
    const [red, green, blue] = LUMA_WEIGHTS;
    this.kernels.stabilizeInput(
      frameAt, values instanceof Int32Array ? 1 : 0, layout.inputReference, kept && this.inputHistory ? 1 : 0, width, height,
      outAt, motionAt, STILL_INPUT_WEIGHT, scratchAt, red, green, blue,
      Math.floor(BLUR_SIZE / 2), NOISE_GRID, NOISE_BOUND.perNoise, NOISE_BOUND.floor, MOTION_BOUND.perNoise, MOTION_BOUND.floor,
    );
    if (keep) this.inputHistory = true;
    return { input: this.tensorAt(outAt, [height, width, 3]), motion: this.tensorAt(motionAt, [height, width, 1]) };
  }

  stabilizeOutput(stylized: tf.Tensor3D, keep: boolean): tf.Tensor3D {
    const layout = this.layout;
    const { width, height } = layout.processing;
    // The kept motion is at the processing size; an output of another size is brought to it first.
    const values = tensorValues(resizeTo(stylized, height, width)) as Float32Array;
    const count = width * height;
    const nextAt = this.callArea();
    const outAt = keep ? layout.outputReference : nextAt + rgbBytes(count);
    layout.reserve(outAt + rgbBytes(count) + rgbBytes(count));
    layout.write(nextAt, values);
    const previousAt = this.outputHistory ? layout.outputReference : nextAt;
    this.kernels.gatedBlend(previousAt, nextAt, layout.motion, count, STILL_OUTPUT_WEIGHT, outAt);
    if (!keep) return this.tensorAt(outAt, [height, width, 3]);
    this.outputHistory = true;
    this.keptOutput = this.tensorAt(outAt, [height, width, 3]);
    return this.keptOutput;
  }

  importPixels(image: ImageData | YuvPicture): tf.Tensor3D {
    const { width, height } = isYuvPicture(image) ? image.to : image;
    const count = width * height;
    // The floats first, where `stabilizeInput` reads its frame: it takes them in place.
    const outAt = this.callArea();
    const frameAt = outAt + rgbBytes(count);
    if (isYuvPicture(image)) {
      const scratchAt = frameAt + aligned(image.data.length);
      this.layout.reserve(scratchAt + yuvScratchBytes(image));
      this.layout.write(frameAt, image.data);
      const { y, u, v } = image.planes;
      this.kernels.rgbFromYuv(
        frameAt, image.interleaved ? 1 : 0, image.width, image.height, y.offset, y.stride, u.offset, u.stride, v.offset, v.stride,
        image.fullRange ? 1 : 0, image.matrix.red, image.matrix.blue, outAt, width, height, scratchAt,
      );
    } else {
      this.layout.reserve(frameAt + aligned(count * 4));
      this.layout.write(frameAt, image.data);
      this.kernels.rgbFromRgba(frameAt, count, outAt);
    }
    const pixels = this.tensorAt(outAt, [height, width, 3]);
    this.imported = { tensor: pixels, at: outAt };
    return pixels;
  }

  composeOverCamera(stylized: tf.Tensor3D, input: tf.Tensor3D, weights: tf.Tensor3D): tf.Tensor3D {
    const [height, width] = input.shape;
    const count = width * height;
    const layout = this.layout;
    const cameraAt = this.callArea();
    const stylizedAt = cameraAt + rgbBytes(count);
    const weightsAt = stylizedAt + rgbBytes(count);
    const outAt = weightsAt + aligned(count * 4);
    layout.reserve(outAt + rgbBytes(count));
    layout.write(cameraAt, tensorValues(input) as Float32Array);
    layout.write(stylizedAt, tensorValues(resizeTo(stylized, height, width)) as Float32Array);
    layout.write(weightsAt, tensorValues(resizeTo(weights, height, width)) as Float32Array);
    this.kernels.composeOverCamera(cameraAt, stylizedAt, weightsAt, count, outAt);
    return this.tensorAt(outAt, [height, width, 3]);
  }

  /** `refineMask` (region-mask.ts) in the kernels: the person probability at `pixels`' size. */
  refineMask(mask: tf.Tensor3D, pixels: tf.Tensor3D): tf.Tensor3D {
    const [height, width] = pixels.shape;
    const [maskHeight, maskWidth] = mask.shape;
    const { small, radius } = guidedFilterGrid(height, width);
    const [smallHeight, smallWidth] = small;
    const maskValues = mask.dataSync() as Float32Array;
    const count = width * height;
    // The frame the kernels just imported is read where it is, and left there for `stabilizeInput`.
    const inPlaceAt = this.importedAt(pixels);
    const frame = inPlaceAt === null ? (tensorValues(pixels) as Float32Array | Int32Array) : null;
    const frameAt = inPlaceAt ?? this.callArea();
    const maskAt = frameAt + rgbBytes(count);
    const outAt = maskAt + aligned(maskValues.length * 4);
    const scratchAt = outAt + aligned(count * 4);
    const scratch = 3 * aligned(count * 4) + 7 * aligned(smallWidth * smallHeight * 4) + aligned(12 * (width + height + smallWidth + smallHeight + maskWidth + maskHeight));
    this.layout.reserve(scratchAt + scratch);
    if (frame) this.layout.write(frameAt, frame);
    this.layout.write(maskAt, maskValues);
    const [red, green, blue] = LUMA_WEIGHTS.map((weight) => weight / 255);
    this.kernels.refineMask(
      frameAt, frame instanceof Int32Array ? 1 : 0, width, height, maskAt, maskWidth, maskHeight,
      outAt, smallWidth, smallHeight, radius, GUIDE_EPSILON, EDGE_LOW, EDGE_HIGH, red!, green!, blue!, scratchAt,
    );
    return this.tensorAt(outAt, [height, width, 1]);
  }

  /** This frame's motion mask, in place (valid until the next frame). */
  motionPlane(): Plane {
    const { width, height } = this.layout.processing;
    return { values: this.layout.view(this.layout.motion, width * height), width, height };
  }

  resetOutput(): void {
    this.outputHistory = false;
    this.keptOutput = null;
  }

  resetAll(): void {
    this.inputHistory = this.outputHistory = this.guideHistory = false;
    this.keptOutput = null;
  }

  updateGuide(camera: ImageData | LumaPlane, motion: Plane | null, stillWeight: number): void {
    const { width, height } = camera;
    const layout = this.layout;
    if (!sameSize(layout.guide, camera)) {
      layout.guide = { width, height };
      this.guideHistory = false;
    }
    const history = this.guideHistory && motion !== null;
    let at = this.callArea();
    const cameraAt = at;
    at += aligned(camera.data.length);
    // The stabilizer's own motion is read in place; any other is copied in.
    let motionAt = history ? layout.addressOf(motion.values) : null;
    const copyMotion = history && motionAt === null;
    if (copyMotion) {
      motionAt = at;
      at += aligned(motion.values.length * 4);
    }
    const scratchAt = at;
    layout.reserve(scratchAt + scratchBytes(width, height));
    layout.write(cameraAt, camera.data);
    if (copyMotion) layout.write(motionAt!, motion!.values);
    const rgba = !('fullRange' in camera);
    const scale = rgba ? 1 / 255 : 1 / lumaRange(camera);
    const [red, green, blue] = rgba ? LUMA_WEIGHTS.map((weight) => weight * scale) : [scale, 0, 0];
    this.kernels.steadyLuma(
      cameraAt, rgba ? 1 : 0, width, height, layout.guideAt, red!, green!, blue!,
      motionAt ?? 0, motion?.width ?? 0, motion?.height ?? 0, stillWeight, scratchAt,
    );
    this.guideHistory = motion !== null;
  }

  resetGuide(): void {
    this.guideHistory = false;
  }

  compose(stylized: tf.Tensor3D, output: Size, detail: number): ImageData {
    return this.composeOutput(stylized, output, detail, null);
  }

  composeOverCameraPlanes(stylized: tf.Tensor3D, output: Size, detail: number, region: CameraRegion): ImageData {
    return this.composeOutput(stylized, output, detail, region);
  }

  /** The upsampling with Detail into RGBA, over the camera's own planes by the region's weights when given. */
  private composeOutput(stylized: tf.Tensor3D, output: Size, detail: number, region: CameraRegion | null): ImageData {
    const layout = this.layout;
    const [height, width] = stylized.shape;
    const guide = layout.guide;
    // A guide from before a change of output size (Detail just switched on) is not this frame's.
    const withDetail = detail > 0 && sameSize(guide, output);
    // Reduce flicker's output as it handed it on: its values are still where it left them.
    const kept = stylized === this.keptOutput;
    const count = width * height;
    const callAt = this.callArea();
    const stylizedAt = kept ? layout.outputReference : callAt;
    const pictureAt = callAt + (kept ? 0 : rgbBytes(count));
    const weightsAt = pictureAt + aligned(count * 16);
    const planesAt = weightsAt + (region ? aligned(count * 4) : 0);
    const scratchAt = planesAt + (region ? aligned(region.colour.data.length) : 0);
    const outAt = scratchAt + scratchBytes(Math.max(width, output.width), Math.max(height, output.height));
    const outBytes = output.width * output.height * 4;
    const buffer = layout.reserve(outAt + outBytes);
    if (!kept) layout.write(stylizedAt, tensorValues(stylized) as Float32Array);
    if (region) {
      layout.write(weightsAt, region.weights);
      layout.write(planesAt, region.colour.data);
    }
    const guideAt = withDetail ? layout.guideAt : 0;
    this.kernels.lowPass(stylizedAt, width, height, pictureAt, detail, guideAt, guide.width, guide.height, scratchAt, region ? weightsAt : 0);
    // Over the camera's own planes (Person only / Background only), or 0 for none.
    const { y, u, v } = region?.colour.planes ?? { y: NO_PLANE, u: NO_PLANE, v: NO_PLANE };
    const colour = region?.colour;
    this.kernels.compose(
      pictureAt, width, height, output.width, output.height, detail, guideAt, outAt, scratchAt,
      colour ? planesAt : 0, colour?.interleaved ? 1 : 0, y.offset, y.stride, u.offset, u.stride, v.offset, v.stride,
      colour?.fullRange ? 1 : 0, colour?.matrix.red ?? 0, colour?.matrix.blue ?? 0,
    );
    const image = this.images.next(output);
    image.data.set(new Uint8ClampedArray(buffer, outAt, outBytes));
    return image;
  }

  dispose(): void {
    this.images.clear();
    this.layout.processing = { width: 0, height: 0 };
    this.layout.guide = { width: 0, height: 0 };
    this.resetAll();
  }

  /** Where this call's own buffers start; whatever was left there (an imported frame) is overwritten from here on. */
  private callArea(): number {
    this.imported = null;
    return this.layout.callArea;
  }

  /** Where `frame`'s floats are if it is the frame `importPixels` made and they are still there; else null. */
  private importedAt(frame: tf.Tensor3D): number | null {
    const imported = this.imported;
    return imported?.tensor === frame && imported.at === this.layout.callArea ? imported.at : null;
  }

  /**
   * A tensor of the floats at `at`. tfjs-wasm copies a tensor's values into its own heap when it
   * makes it, so it is given them in place; other backends keep the array, so they get a copy.
   */
  private tensorAt(at: number, shape: [number, number, number]): tf.Tensor3D {
    const values = this.layout.view(at, shape[0] * shape[1] * shape[2]);
    return tf.tensor3d(tf.getBackend() === 'wasm' ? values : values.slice(), shape);
  }
}
