import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import jpeg from 'jpeg-js';
import { sharedModelsDir } from '../support/paths';
import { writeAtomically } from '../../scripts/chromium-args.mjs';

const WIDTH = 640;
const HEIGHT = 480;
const FRAMES = 20;
/** Camera-like temporal noise on luma, in 8-bit levels (chroma gets half). */
const NOISE_SIGMA = 4;

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const gaussian = (random: () => number) => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const clampByte = (value: number) => Math.max(0, Math.min(255, Math.round(value)));

/**
 * A fake-camera clip of a still scene (a person's photo, 640×480) with fresh noise in every frame,
 * as a webcam sees a person sitting still; made once per machine in the temp folder (≈9 MB).
 */
export function noisyStillClip(): string {
  const path = resolve(tmpdir(), 'stylizer-tests', `noisy-still-${WIDTH}x${HEIGHT}-${FRAMES}.y4m`);
  if (existsSync(path)) return path;
  const photo = jpeg.decode(readFileSync(resolve(sharedModelsDir(), 'content', 'people', 'person_005.jpg')), { useTArray: true, formatAsRGBA: true });
  const top = Math.floor((photo.height - HEIGHT) / 2);
  const left = Math.floor((photo.width - WIDTH) / 2);
  const chunks: Buffer[] = [Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F15:1 Ip A1:1 C420jpeg\n`)];
  for (let frame = 0; frame < FRAMES; frame++) {
    const random = seeded(frame + 1);
    const y = new Uint8Array(WIDTH * HEIGHT);
    const u = new Uint8Array((WIDTH / 2) * (HEIGHT / 2));
    const v = new Uint8Array(u.length);
    for (let row = 0; row < HEIGHT; row++) {
      for (let column = 0; column < WIDTH; column++) {
        const p = ((row + top) * photo.width + column + left) * 4;
        const [r, g, b] = [photo.data[p]!, photo.data[p + 1]!, photo.data[p + 2]!];
        y[row * WIDTH + column] = clampByte(16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255 + NOISE_SIGMA * gaussian(random));
        if (row % 2 === 0 && column % 2 === 0) {
          const c = (row / 2) * (WIDTH / 2) + column / 2;
          u[c] = clampByte(128 + (-37.797 * r - 74.203 * g + 112 * b) / 255 + (NOISE_SIGMA / 2) * gaussian(random));
          v[c] = clampByte(128 + (112 * r - 93.786 * g - 18.214 * b) / 255 + (NOISE_SIGMA / 2) * gaussian(random));
        }
      }
    }
    chunks.push(Buffer.from('FRAME\n'), Buffer.from(y), Buffer.from(u), Buffer.from(v));
  }
  mkdirSync(resolve(tmpdir(), 'stylizer-tests'), { recursive: true });
  writeAtomically(path, Buffer.concat(chunks));
  return path;
}
