import type { InitOptions, ProcessingSettings, StylizerEvents } from '../shared/protocol';
import { chooseNetwork } from '../shared/network-choice';
import { startBackend } from './backend/backend-setup';
import { processingSize } from './geometry/frame-sizes';
import { LoadProgressReporter } from './load-progress';
import { loadTransformer } from './model/load-transformer';
import { loadChainPasses } from './quality/create-quality-chain';
import { createPredictorClient, type PredictorClient } from './predictor/predictor-client';
import type { StyleEmbeddingState } from './style/style-embedding-state';
import { frameEnds, StylizerSession, WARM_UP_SOURCE } from './stylizer-session';

interface SessionLoad {
  init: InitOptions;
  canvas: OffscreenCanvas;
  events: StylizerEvents;
  /** The service's settings (already merged with `init.settings`), read afresh for every frame. */
  settings: () => ProcessingSettings;
  style: StyleEmbeddingState;
  /** The background's style in the Person and background mode (borrowed, like `style`). */
  backgroundStyle: StyleEmbeddingState;
}

/**
 * Loads everything a session needs, in the order that gets the first frame out soonest: the
 * backend; the predictor's worker (downloading beside the transformer); the network on the engine
 * measured fastest here; then the warm-up, and the predictor's own warm-up beside the first frames.
 * Progress goes to `events.onProgress`. A failure is passed on at once: the page answers it by
 * replacing this worker (terminating it frees everything it loaded), and freeing here could hang
 * it: deleting a LiteRT model just after the sizes were compiled blocked the worker for good in
 * Chromium 156 (`tests/e2e/recovery.spec.ts`, a broken predictor download; docs/litert.md).
 */
export async function loadSession({ init, canvas, events, settings, style, backgroundStyle }: SessionLoad): Promise<StylizerSession> {
  const progress = new LoadProgressReporter((update) => events.onProgress(update));
  progress.stage('backend');
  const backend = await startBackend(init.backend, init.wasmThreads);
  // Both networks download at once; the predictor loads and warms up in its own worker.
  const predictor: PredictorClient = createPredictorClient();
  const predictorReady = predictor.init({ modelBaseUrl: init.modelBaseUrl }, (fraction) => progress.download('predictor', fraction));
  predictorReady.catch(() => {});
  const outputPassesReady = loadChainPasses(backend.name);
  const network = chooseNetwork(settings().network, backend.name);
  const loadOptions = {
    baseUrl: init.modelBaseUrl,
    backend: backend.name,
    threads: backend.threads,
    size: processingSize(WARM_UP_SOURCE.width, WARM_UP_SOURCE.height, settings().shortSide),
    shortSide: settings().shortSide,
  };
  const loaded = await loadTransformer({
    ...loadOptions,
    network: network.network,
    onProgress: (fraction) => progress.download('transformer', fraction),
    ...(init.engine ? { forcedEngine: init.engine } : {}),
  });
  const transformer = loaded.transformer;
  const gpuBackend = backend.name === 'webgpu' || backend.name === 'webgl';
  const pipelineDepth = init.pipelineDepth ?? (gpuBackend ? 2 : 1);
  const outputPasses = await outputPassesReady;
  const report = {
    ...backend,
    pipelineDepth,
    engine: transformer.engine,
    engineChoice: loaded.choice,
    network: network.network,
    networkReason: network.reason,
    outputPasses: outputPasses?.kind ?? null,
  };
  const session = new StylizerSession({ report, transformer, network, loadOptions, predictor, outputPasses, ...frameEnds(report, canvas), canvas, events, settings, style, backgroundStyle });
  progress.stage('warm-up');
  await session.warmUp();
  // A broken predictor download fails the load too, with the network's name in the message.
  await predictorReady;
  // Its first run goes on beside the first frames, after the engines were timed undisturbed.
  void predictor.warmUp().catch(() => {});
  session.start();
  progress.stage('ready');
  return session;
}
