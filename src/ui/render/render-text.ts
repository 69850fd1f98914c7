import type { VideoFacts } from '../../shared/render-protocol';

/** 95,000 ms → "1 min 35 s"; under a minute in seconds. */
export function durationText(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** "640×480, 300 frames (10.0 s at 30 fps), with sound." */
export function factsText(facts: VideoFacts): string {
  const sound = facts.audio ? 'with sound' : 'no sound';
  return `${facts.width}×${facts.height}, ${facts.frames} frames (${facts.durationS.toFixed(1)} s at ${Math.round(facts.fps)} fps), ${sound}.`;
}

/** Said before a render starts: how long it should take here, from the live video's pace. */
export function estimateText(msPerFrame: number | null, frames: number): string {
  if (msPerFrame === null) return 'Start the camera (or another source) first to see how long it will take here.';
  return `Rendering every frame takes about ${durationText(msPerFrame * frames)} on this machine.`;
}

/** The live video's pace scaled to a render's network size (the network's work grows with its pixels); null before a frame. */
export function paceFromLive(live: { msPerFrame: number; width: number; height: number } | null, processingShortSide: number, facts: VideoFacts): number | null {
  if (!live || live.msPerFrame <= 0 || live.width * live.height === 0) return null;
  const scale = Math.min(1, processingShortSide / Math.min(facts.width, facts.height));
  return live.msPerFrame * ((facts.width * scale * facts.height * scale) / (live.width * live.height));
}
