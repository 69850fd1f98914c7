/**
 * The app's worker pipeline on the fake camera, driven as the app drives it, for the benchmark
 * page: start it, count its frames by their finish times, wait for it to be idle, stop it.
 */
import * as Comlink from 'comlink';
import { DEFAULT_SETTINGS, type BackendName, type EngineName, type NetworkName, type ProcessingSettings, type StylizeRegion, type StylizerStats } from '../shared/protocol';
import { createStylizerClient } from '../ui/connection/stylizer-client';
import { loadStyleCatalogue } from '../ui/styles/style-catalogue';

export interface BenchOptions {
  backend?: BackendName;
  shortSide: number;
  seconds: number;
  /** Forces the worker's pipeline depth; without it the app's own choice. */
  pipelineDepth?: number;
  /** Forces the worker's WebAssembly threads; without it the app's own choice (every core). */
  wasmThreads?: number;
  /** Forces the worker's engine; without it the app's own (measured) choice. */
  engine?: EngineName;
  /** Forces the network; without it the app's own choice (Automatic). */
  network?: NetworkName;
  /**
   * The plain picture: no Reduce flicker, no Detail, the output at the processing size (what the
   * pipeline costs around the network without the picture-quality stages at the camera's size).
   */
  plain?: boolean;
  /** Which part of the frame is stylized (the timed window starts once the segmentation network is ready). */
  stylize?: StylizeRegion;
}

const PLAIN_PICTURE: Partial<ProcessingSettings> = { reduceFlicker: false, detail: 0 };

export const MODEL_BASE_URL = new URL('models/', document.baseURI).href;
/** Untimed frames before each main-thread pipeline's clock starts, as the worker's warm-up at load. */
export const WARM_UP_FRAMES = 2;

export function watchLongTasks(): { count(): number; stop(): void } {
  let count = 0;
  const observer = new PerformanceObserver((list) => (count += list.getEntries().length));
  observer.observe({ type: 'longtask', buffered: false });
  return { count: () => count, stop: () => observer.disconnect() };
}

export async function openCamera(): Promise<HTMLVideoElement> {
  const video = document.createElement('video');
  video.muted = true;
  video.srcObject = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 } });
  await video.play();
  document.body.append(video);
  return video;
}

/** performance.now() on the page's clock, as the epoch milliseconds the worker reports frame ends in. */
export const epochNow = () => performance.timeOrigin + performance.now();

/** The app's worker pipeline on the camera, as the app runs it; `stop` ends the frames and the worker. */
export async function startWorkerPipeline(video: HTMLVideoElement, options: BenchOptions, targetFps: number, adaptiveResolution: boolean) {
  const canvas = document.createElement('canvas');
  document.body.append(canvas);
  const offscreen = canvas.transferControlToOffscreen();
  const client = createStylizerClient();
  const reports: StylizerStats[] = [];
  /** Every frame's finish time (epoch ms), from all reports. */
  const frameEnds: number[] = [];
  const loadStart = performance.now();
  const backend = await client.api.init(
    {
      modelBaseUrl: MODEL_BASE_URL,
      settings: {
        ...DEFAULT_SETTINGS,
        targetFps,
        shortSide: options.shortSide,
        adaptiveResolution,
        network: options.network ?? 'auto',
        stylize: options.stylize ?? 'everything',
        ...(options.plain ? { ...PLAIN_PICTURE, maxOutputShortSide: options.shortSide } : {}),
      },
      ...(options.backend ? { backend: options.backend } : {}),
      ...(options.pipelineDepth ? { pipelineDepth: options.pipelineDepth } : {}),
      ...(options.wasmThreads ? { wasmThreads: options.wasmThreads } : {}),
      ...(options.engine ? { engine: options.engine } : {}),
    },
    Comlink.transfer(offscreen, [offscreen]),
    Comlink.proxy({
      onProgress: () => {},
      onStats: (stats: StylizerStats) => {
        reports.push(stats);
        frameEnds.push(...stats.frameEndTimes);
      },
      onError: (e: unknown) => console.error(e),
    }),
  );
  const styles = await loadStyleCatalogue(`${MODEL_BASE_URL}styles/styles.json`);
  await client.api.setStyle(styles[0]!.id, styles[0]!.embedding);
  // Person and background: the room in the second built-in style, as the app's default.
  if (options.stylize === 'both') await client.api.setBackgroundStyle(styles[1]!.embedding);
  const loadMs = performance.now() - loadStart;
  while (reports.length === 0) await sleep(50);

  let running = true;
  const pumpStart = performance.now();
  const pump = () => {
    if (!running) return;
    client.sendFrame(new VideoFrame(video, { timestamp: performance.now() * 1000 }));
    video.requestVideoFrameCallback(pump);
  };
  video.requestVideoFrameCallback(pump);
  while (!reports.some((r) => r.framesStylized > 0)) await sleep(20);
  const firstFrameMs = performance.now() - pumpStart;
  while (reports.at(-1)!.personMask.state === 'loading') await sleep(20);
  // The engine is settled before the first frame; the first 600 ms after it are left out of the figures.
  const firstFrameAt = epochNow();
  await sleep(600);
  const tensorsAtStart = reports.at(-1)!.memoryAtRest?.tensors ?? reports.at(-1)!.tensors;
  return {
    client,
    backend,
    styles,
    reports,
    frameEnds,
    loadMs,
    firstFrameMs,
    firstFrameAt,
    tensorsAtStart,
    /** Waits until the stats that cover everything up to now have arrived (they come every 500 ms). */
    async flush(): Promise<void> {
      const seen = reports.length;
      while (reports.length < seen + 2) await sleep(50);
    },
    /** Stops sending frames and waits for a stats report taken with no frame in flight. */
    async idleTensors(): Promise<number> {
      running = false;
      // Idle once no frame has finished for three frame times (a second at least): on a slow
      // backend two frames can still be on the device well after the last one was sent.
      let frames = reports.at(-1)!.framesStylized;
      let quietSince = performance.now();
      for (;;) {
        await sleep(100);
        const latest = reports.at(-1)!;
        if (latest.framesStylized !== frames) {
          frames = latest.framesStylized;
          quietSince = performance.now();
        } else if (performance.now() - quietSince > Math.max(1000, 3 * latest.msPerFrame)) break;
      }
      const seen = reports.length;
      while (reports.length <= seen) await sleep(50);
      return reports.at(-1)!.tensors;
    },
    async stop() {
      running = false;
      // The worker closes the frames it holds before it is terminated.
      await client.destroy();
      canvas.remove();
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Frames whose finish time falls inside [from, to] (epoch ms): exactly the timed window. */
export function framesInWindow(frameEnds: readonly number[], from: number, to: number): number[] {
  return frameEnds.filter((end) => end >= from && end <= to);
}

