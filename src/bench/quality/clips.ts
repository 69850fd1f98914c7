/**
 * The quality benchmark's test clips, made in the browser from a photo of a person (what webcams
 * see): a still scene with camera-like temporal noise, a slow pan and a fast movement. The noise is
 * seeded, so two runs of a clip (stage on, stage off) see exactly the same frames.
 */
export const CLIP_NAMES = ['still', 'slow-pan', 'fast-movement'] as const;
export type ClipName = (typeof CLIP_NAMES)[number];

export const CLIP_WIDTH = 640;
export const CLIP_HEIGHT = 480;
/** Camera noise: Gaussian, σ in levels (0..255), independent per pixel, channel and frame. */
export const DEFAULT_NOISE_SIGMA = 4;
/** Pan speed in clip pixels per frame. */
const SPEED: Record<ClipName, number> = { still: 0, 'slow-pan': 1.5, 'fast-movement': 24 };
/** The photo is drawn this much larger than the clip, so a pan has room to move. */
const ZOOM = 1.6;

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Frame `index` of a clip as RGBA pixels. */
export class ClipMaker {
  private readonly canvas = new OffscreenCanvas(CLIP_WIDTH, CLIP_HEIGHT);
  private readonly context: OffscreenCanvasRenderingContext2D;

  constructor(
    private readonly photo: ImageBitmap,
    private readonly noiseSigma = DEFAULT_NOISE_SIGMA,
  ) {
    const context = this.canvas.getContext('2d', { willReadFrequently: true, alpha: false });
    if (!context) throw new Error('2D canvas is not available');
    this.context = context;
  }

  /** `noisy` false: the same frame without camera noise (the motion alone, as a reference). */
  frame(clip: ClipName, index: number, noisy = true): ImageData {
    const width = CLIP_WIDTH * ZOOM;
    const height = (width * this.photo.height) / this.photo.width;
    // A pan that bounces between the photo's edges.
    const travel = width - CLIP_WIDTH;
    const distance = SPEED[clip] * index;
    const phase = distance % (2 * travel);
    const x = -(travel / 2) - (clip === 'still' ? 0 : (phase < travel ? phase : 2 * travel - phase) - travel / 2);
    const y = -(height - CLIP_HEIGHT) / 2;
    this.context.drawImage(this.photo, x, y, width, height);
    const image = this.context.getImageData(0, 0, CLIP_WIDTH, CLIP_HEIGHT);
    if (!noisy) return image;
    const random = seeded(1000 + index);
    const data = image.data;
    for (let i = 0; i < data.length; i += 4) {
      data[i] = data[i]! + this.noiseSigma * gaussian(random);
      data[i + 1] = data[i + 1]! + this.noiseSigma * gaussian(random);
      data[i + 2] = data[i + 2]! + this.noiseSigma * gaussian(random);
    }
    return image;
  }
}

/** Limited-range BT.601 YUV 4:2:0, as webcams deliver frames, from RGBA pixels. */
export function toI420(image: ImageData): Uint8Array {
  const { width, height, data } = image;
  const out = new Uint8Array(width * height * 1.5);
  const u = width * height;
  const v = u + (width / 2) * (height / 2);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 4;
      const [r, g, b] = [data[p]!, data[p + 1]!, data[p + 2]!];
      out[y * width + x] = 16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255;
      if (y % 2 === 0 && x % 2 === 0) {
        const c = (y / 2) * (width / 2) + x / 2;
        out[u + c] = 128 + (-37.797 * r - 74.203 * g + 112 * b) / 255;
        out[v + c] = 128 + (112 * r - 93.786 * g - 18.214 * b) / 255;
      }
    }
  }
  return out;
}

/** A camera-like frame (I420, limited range, BT.601) from a clip frame's planes. */
export function cameraFrame(planes: Uint8Array, timestamp: number): VideoFrame {
  return new VideoFrame(planes, {
    format: 'I420',
    codedWidth: CLIP_WIDTH,
    codedHeight: CLIP_HEIGHT,
    timestamp,
    colorSpace: { fullRange: false, matrix: 'smpte170m', primaries: 'smpte170m', transfer: 'smpte170m' },
  });
}
