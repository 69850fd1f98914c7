import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from '@playwright/test';
import { PNG } from 'pngjs';
import type { Picture } from './helpers';
import { ALL_FORMATS, BufferSource, Input } from 'mediabunny';
import type { ClipOptions } from '../../src/bench/clip-options';
import { BENCH_PORT } from './ports';


/** A clip made in the browser (clips.html: WebCodecs + mediabunny; this machine has no ffmpeg), written to `dir`. */
export async function makeClip(browser: Browser, dir: string, name: string, request: ClipOptions): Promise<string> {
  const page = await browser.newPage();
  try {
    await page.goto(`http://127.0.0.1:${BENCH_PORT}/clips.html`);
    await page.getByText('Clip page: ready.').waitFor();
    const base64 = await page.evaluate((options) => (window as unknown as { makeClip(o: unknown): Promise<string> }).makeClip(options), request);
    const path = join(dir, name);
    writeFileSync(path, Buffer.from(base64, 'base64'));
    return path;
  } finally {
    await page.close();
  }
}

export interface ClipFacts {
  frames: number;
  durationS: number;
  fps: number;
  width: number;
  height: number;
  videoCodec: string | null;
  audioCodec: string | null;
}

/** What the demuxer reads from a file (no decoding: Node has no WebCodecs). */
export async function readClip(bytes: Uint8Array): Promise<ClipFacts> {
  const input = new Input({ source: new BufferSource(bytes), formats: ALL_FORMATS });
  try {
    const video = await input.getPrimaryVideoTrack();
    const audio = await input.getPrimaryAudioTrack();
    if (!video) throw new Error('the file has no video track');
    const stats = await video.computePacketStats();
    return {
      frames: stats.packetCount,
      durationS: await video.computeDuration(),
      fps: stats.averagePacketRate,
      width: video.displayWidth,
      height: video.displayHeight,
      videoCodec: video.codec,
      audioCodec: audio?.codec ?? null,
    };
  } finally {
    input.dispose();
  }
}

/** A frame of a video file at `atS` seconds as the page's <video> shows it (decoded by the browser). */
export async function captureClipFrame(page: Page, path: string, atS: number): Promise<Picture> {
  const base64 = readFileSync(path).toString('base64');
  const handle = await page.evaluateHandle(
    async ({ base64, atS }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const video = document.createElement('video');
      video.muted = true;
      video.src = URL.createObjectURL(new Blob([bytes]));
      document.body.append(video);
      await new Promise((resolve, reject) => (video.addEventListener('loadeddata', resolve, { once: true }), video.addEventListener('error', reject, { once: true })));
      video.currentTime = atS;
      await new Promise((resolve) => video.addEventListener('seeked', resolve, { once: true }));
      return video;
    },
    { base64, atS },
  );
  try {
    const png = PNG.sync.read(await handle.asElement()!.screenshot());
    return { width: png.width, height: png.height, data: png.data };
  } finally {
    await handle.evaluate((video) => (URL.revokeObjectURL((video as HTMLVideoElement).src), (video as HTMLVideoElement).remove()));
  }
}

/** Shows the frame at `atS` in a <video> already on the page (the render's preview). */
export async function seekVideo(video: Locator, atS: number): Promise<void> {
  await video.evaluate(async (element: HTMLVideoElement, at) => {
    if (element.readyState < 2) await new Promise((resolve) => element.addEventListener('loadeddata', resolve, { once: true }));
    element.currentTime = at;
    await new Promise((resolve) => element.addEventListener('seeked', resolve, { once: true }));
  }, atS);
}
