/**
 * Makes video files in the browser for the render tests and `npm run bench:render` (this machine
 * has no ffmpeg): a moving warm-coloured scene encoded as H.264 (or VP9) in MP4 (or WebM), with a
 * tone as its sound, or sound alone. Returned as base64 to the Playwright script.
 */
import type { ClipOptions } from './clip-options';
import { AudioBufferSource, BufferTarget, CanvasSource, Mp4OutputFormat, Output, QUALITY_MEDIUM, WebMOutputFormat } from 'mediabunny';


const SAMPLE_RATE = 48_000;

/** Warm background (oranges and reds, far from the blue styles) with shapes that move each frame. */
function drawScene(context: OffscreenCanvasRenderingContext2D, width: number, height: number, t: number): void {
  const gradient = context.createLinearGradient(0, 0, width, height);
  gradient.addColorStop(0, '#f4a340');
  gradient.addColorStop(1, '#c8402a');
  context.fillStyle = gradient;
  context.fillRect(0, 0, width, height);
  context.fillStyle = '#fff3c4';
  context.beginPath();
  context.arc(width * (0.2 + 0.6 * ((t * 0.3) % 1)), height * 0.5, height * 0.18, 0, Math.PI * 2);
  context.fill();
  context.fillStyle = '#5a2a12';
  context.fillRect(width * 0.1, height * (0.1 + 0.5 * ((t * 0.2) % 1)), width * 0.25, height * 0.2);
}

function tone(seconds: number): AudioBuffer {
  const buffer = new AudioBuffer({ length: Math.round(seconds * SAMPLE_RATE), sampleRate: SAMPLE_RATE, numberOfChannels: 2 });
  for (let channel = 0; channel < 2; channel++) {
    const data = buffer.getChannelData(channel);
    for (let i = 0; i < data.length; i++) data[i] = 0.2 * Math.sin((2 * Math.PI * 440 * i) / SAMPLE_RATE);
  }
  return buffer;
}

async function makeClip(options: ClipOptions): Promise<string> {
  const { seconds, width, height, fps, video = true, audio = true, container = 'mp4' } = options;
  const output = new Output({ format: container === 'mp4' ? new Mp4OutputFormat({ fastStart: 'in-memory' }) : new WebMOutputFormat(), target: new BufferTarget() });
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  const videoSource = video ? new CanvasSource(canvas, { codec: container === 'mp4' ? 'avc' : 'vp9', bitrate: QUALITY_MEDIUM, keyFrameInterval: 2 }) : null;
  if (videoSource) output.addVideoTrack(videoSource, { frameRate: fps });
  const audioSource = audio ? new AudioBufferSource({ codec: 'opus', bitrate: QUALITY_MEDIUM }) : null;
  if (audioSource) output.addAudioTrack(audioSource);
  await output.start();
  if (audioSource) await audioSource.add(tone(seconds));
  if (videoSource) {
    const frames = Math.round(seconds * fps);
    for (let i = 0; i < frames; i++) {
      drawScene(context, width, height, i / fps);
      await videoSource.add(i / fps, 1 / fps);
    }
  }
  await output.finalize();
  const bytes = new Uint8Array(output.target.buffer!);
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

Object.assign(window, { makeClip });
document.querySelector('[role=status]')!.textContent = 'Clip page: ready.';
