/** A test clip made by clips.html (src/bench/clip-page.ts) for the render tests and `npm run bench:render`. */
export interface ClipOptions {
  seconds: number;
  width: number;
  height: number;
  fps: number;
  /** Both tracks by default; `video: false` makes a sound-only file. */
  video?: boolean;
  audio?: boolean;
  container?: 'mp4' | 'webm';
}
