import type { ReactiveControllerHost } from 'lit';
import type { BackendName, ProcessingSettings, StylizerStats } from '../../shared/protocol';
import { RenderController } from '../render/render-controller';
import { paceFromLive } from '../render/render-text';
import { StillsController } from '../stills/stills-controller';

/** What the photo and video panels read from the live app. */
interface WorkPanelSources {
  modelBaseUrl: string;
  backend: () => BackendName | undefined;
  settings: () => ProcessingSettings;
  /** The look on screen (a style or a mix), or null before the first style. */
  look: () => Float32Array | null;
  /** The live predictor (transferred picture). */
  predict: (picture: ImageBitmap) => Promise<Float32Array>;
  stylePicture: () => Promise<ImageBitmap | null>;
  stats: () => StylizerStats | null;
}

/** The panels that work beside the live video in workers of their own: Photo (stills) and Render video. */
export function createWorkPanels(host: ReactiveControllerHost, live: WorkPanelSources): { stills: StillsController; videoRender: RenderController } {
  const stills = new StillsController(host, {
    modelBaseUrl: live.modelBaseUrl,
    backend: live.backend,
    look: live.look,
    strength: () => live.settings().styleStrength,
    predict: live.predict,
    keepColours: () => live.settings().keepColours,
    stylize: () => live.settings().stylize,
    stylePicture: live.stylePicture,
  });
  const videoRender = new RenderController(host, {
    modelBaseUrl: live.modelBaseUrl,
    backend: live.backend,
    network: () => live.settings().network,
    look: live.look,
    quality: live.settings,
    predict: live.predict,
    msPerFrame: (shortSide, facts) => paceFromLive(live.stats(), shortSide, facts),
  });
  return { stills, videoRender };
}
