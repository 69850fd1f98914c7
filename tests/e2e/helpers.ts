import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { sharedModelsDir } from '../support/paths';

export interface Picture {
  width: number;
  height: number;
  data: Uint8Array;
}

export async function capture(locator: Locator): Promise<Picture> {
  const png = PNG.sync.read(await locator.screenshot());
  return { width: png.width, height: png.height, data: png.data };
}

export function readStyleImage(file: string): Picture {
  const image = jpeg.decode(readFileSync(resolve(sharedModelsDir(), 'styles', file)), { useTArray: true, formatAsRGBA: true });
  return { width: image.width, height: image.height, data: image.data };
}

export function meanRgb(picture: Picture): [number, number, number] {
  const sum = [0, 0, 0];
  for (let i = 0; i < picture.data.length; i += 4) {
    sum[0]! += picture.data[i]!;
    sum[1]! += picture.data[i + 1]!;
    sum[2]! += picture.data[i + 2]!;
  }
  const n = picture.data.length / 4;
  return [sum[0]! / n / 255, sum[1]! / n / 255, sum[2]! / n / 255];
}

export function distance(a: readonly number[], b: readonly number[]): number {
  return Math.hypot(...a.map((value, i) => value - (b[i] ?? 0)));
}

/** Mean absolute difference (0..1) between two pictures compared on a coarse grid, so sizes may differ. */
export function gridDifference(a: Picture, b: Picture, columns = 32, rows = 24): number {
  const cell = (p: Picture, cx: number, cy: number, channel: number) => {
    const x = Math.min(p.width - 1, Math.floor(((cx + 0.5) * p.width) / columns));
    const y = Math.min(p.height - 1, Math.floor(((cy + 0.5) * p.height) / rows));
    return p.data[(y * p.width + x) * 4 + channel]!;
  };
  let total = 0;
  for (let cy = 0; cy < rows; cy++)
    for (let cx = 0; cx < columns; cx++) for (let c = 0; c < 3; c++) total += Math.abs(cell(a, cx, cy, c) - cell(b, cx, cy, c));
  return total / (rows * columns * 3 * 255);
}

/** Standard deviation of luminance: a blank or flat canvas has almost none. */
export function contrast(picture: Picture): number {
  const values: number[] = [];
  for (let i = 0; i < picture.data.length; i += 4) values.push((picture.data[i]! + picture.data[i + 1]! + picture.data[i + 2]!) / 3 / 255);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
}

export interface StatusReading {
  text: string;
  backend: string;
  /** The transformer's engine: TensorFlow.js or ONNX Runtime. */
  engine: string;
  fps: number;
  frames: number;
}

export async function readStatus(page: Page): Promise<StatusReading> {
  const text = (await page.getByRole('status').textContent()) ?? '';
  return {
    text,
    backend: /Backend: ([^·]+)/.exec(text)?.[1]?.trim() ?? '',
    engine: /Backend: [^·]+· ([^·,]+)/.exec(text)?.[1]?.trim() ?? '',
    fps: Number(/([\d.]+) fps/.exec(text)?.[1] ?? 0),
    frames: Number(/(\d+) frames/.exec(text)?.[1] ?? 0),
  };
}

/** Waits until the models are loaded and the status names the backend. */
export async function waitForBackend(page: Page): Promise<StatusReading> {
  await expect(page.getByRole('status')).toContainText('Backend:');
  return readStatus(page);
}

/** Waits until at least `count` more frames than `after` have been stylized. */
export async function waitForFrames(page: Page, count: number, after = 0, timeout = 120_000): Promise<StatusReading> {
  let last: StatusReading | null = null;
  await expect
    .poll(async () => (last = await readStatus(page)).frames, { timeout, intervals: [250, 500, 1000] })
    .toBeGreaterThanOrEqual(after + count);
  return last!;
}

/**
 * Waits for `count` frames drawn after this call. The status line reports every 500 ms, so its count
 * may miss frames already drawn: first the next report, then `count` frames past it.
 */
export async function waitForFreshFrames(page: Page, count: number): Promise<StatusReading> {
  const next = await waitForFrames(page, 1, (await readStatus(page)).frames);
  return waitForFrames(page, count, next.frames);
}

/** Style switches take effect on the next frame (no crossfade), so a test can look at the new style without waiting one out. */
export async function switchWithoutCrossfade(page: Page): Promise<void> {
  const crossfade = page.getByRole('slider', { name: 'Crossfade' });
  await crossfade.fill('0');
  // Keyboard shortcuts stay out of sliders: later key presses go to the page again.
  await crossfade.blur();
}

/** The app's worker, for simulating what can go wrong inside it. */
export function stylizerWorker(page: Page) {
  const worker = page.workers().find((candidate) => candidate.url().includes('stylizer'));
  if (!worker) throw new Error(`no stylizer worker among ${page.workers().map((w) => w.url()).join(', ')}`);
  return worker;
}
