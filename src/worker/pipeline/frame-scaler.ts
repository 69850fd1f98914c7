import type { CameraFrame, FrameImportPath } from '../../shared/protocol';
import type { CameraImage } from '../quality/camera-luma';
import type { YuvPicture } from '../quality/yuv-picture';
import { outputSize, processingSize, type Size } from '../geometry/frame-sizes';
import { YuvPlanesReader } from './yuv-planes';

function frameSize(frame: CameraFrame): { width: number; height: number } {
  return 'displayWidth' in frame
    ? { width: frame.displayWidth, height: frame.displayHeight }
    : { width: frame.width, height: frame.height };
}

/** Pixels at processing size, for the quality chain's `importPixels`, and how to free them. */
export interface ScaledFrame {
  /** RGBA pixels or a bitmap at the processing size, or a YUV frame the import scales itself. */
  pixels: ImageData | ImageBitmap | YuvPicture;
  /**
   * The frame at the output size, when asked for (Detail takes its luma): the Y plane of a YUV
   * camera frame at its own size, or RGBA pixels (GPU backends, other frames, a smaller cap).
   */
  camera: CameraImage | null;
  /** The camera frame's own size. */
  source: { width: number; height: number };
  /** Which way the frame came in. */
  path: FrameImportPath;
  /** A bitmap of the frame at the processing size (for the content embedding); call it before the frame is closed. */
  snapshot: () => Promise<ImageBitmap>;
  release(): void;
}

/**
 * Source stage: scales a camera frame to the processing size.
 * GPU backends get an ImageBitmap scaled by the browser on the GPU, which WebGPU copies into a
 * texture directly. CPU-side backends get a YUV camera frame's planes as they are where the chain's
 * kernels scale and convert them (`yuvImport`), else the pixels of a canvas that lives as long as
 * the worker. Some software WebGPU adapters refuse the GPU copy; `useCpuCopy` switches to the CPU
 * path for good.
 */
export class FrameScaler {
  /** One canvas per size read each frame (processing, output), reused while the sizes hold. */
  private readonly canvases = [new PixelReader(), new PixelReader()] as const;
  private readonly yuvPlanes = new YuvPlanesReader();

  /** `yuvImport`: the quality chain imports YUV frames itself (its kernels scale and convert them). */
  constructor(
    private gpuBackend: boolean,
    private readonly yuvImport = false,
  ) {}

  get gpuCopy(): boolean {
    return this.gpuBackend;
  }

  useCpuCopy(): void {
    this.gpuBackend = false;
  }

  /**
   * The caller still owns and closes `frame`. `outputShortSide`: also read the frame at that size
   * (capped at its own), for the stages that take detail or colour from the camera; null skips it.
   */
  async scale(frame: CameraFrame, shortSide: number, outputShortSide: number | null = null): Promise<ScaledFrame> {
    const source = frameSize(frame);
    const size = processingSize(source.width, source.height, shortSide);
    const output = outputShortSide === null ? null : outputSize(source.width, source.height, outputShortSide);
    if (this.gpuBackend) {
      const resize = (to: Size) => createImageBitmap(frame, { resizeWidth: to.width, resizeHeight: to.height, resizeQuality: 'medium' });
      const [bitmap, camera] = await Promise.all([resize(size), output ? resize(output) : null]);
      return { pixels: bitmap, camera, source, path: 'gpu-bitmap', snapshot: () => createImageBitmap(bitmap), release: () => (bitmap.close(), camera?.close()) };
    }
    const atSourceSize = output !== null && output.width === source.width && output.height === source.height;
    // One copy of a YUV frame's planes serves both the import and Detail's luma at the camera's size.
    const planes = this.yuvImport || atSourceSize ? await this.yuvPlanes.read(frame) : null;
    const picture = this.yuvImport ? (planes?.picture(size) ?? null) : null;
    const pixels = picture ?? this.canvases[0].read(frame, size);
    const camera = output ? ((atSourceSize ? planes?.luma() : null) ?? this.canvases[1].read(frame, output)) : null;
    const snapshot = () => (picture ? createImageBitmap(frame, { resizeWidth: size.width, resizeHeight: size.height }) : createImageBitmap(pixels as ImageData));
    return { pixels, camera, source, path: picture ? 'yuv-planes' : 'canvas', snapshot, release: () => {} };
  }

  destroy(): void {
    for (const canvas of this.canvases) canvas.destroy();
  }
}

/** A 2D canvas that reads a frame's pixels at a given size. */
class PixelReader {
  private readonly canvas = new OffscreenCanvas(4, 4);
  private readonly context: OffscreenCanvasRenderingContext2D;

  constructor() {
    const context = this.canvas.getContext('2d', { willReadFrequently: true, alpha: false });
    if (!context) throw new Error('2D canvas is not available in this worker');
    this.context = context;
  }

  read(frame: CameraFrame, size: Size): ImageData {
    if (this.canvas.width !== size.width || this.canvas.height !== size.height) {
      this.canvas.width = size.width;
      this.canvas.height = size.height;
    }
    this.context.drawImage(frame, 0, 0, size.width, size.height);
    return this.context.getImageData(0, 0, size.width, size.height);
  }

  destroy(): void {
    this.canvas.width = this.canvas.height = 1;
  }
}
