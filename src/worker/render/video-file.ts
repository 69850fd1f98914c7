import { ALL_FORMATS, BlobSource, BufferTarget, canEncodeVideo, Input, Mp4OutputFormat, Output, WebMOutputFormat, type InputVideoTrack, type VideoCodec } from 'mediabunny';
import { CodedError } from '../../shared/errors';
import { MAX_RENDER_SHORT_SIDE, RENDER_RESOLUTIONS, type RenderResolution, type VideoFacts } from '../../shared/render-protocol';
import { outputSize, type Size } from '../geometry/frame-sizes';

/** A file opened for reading, with its video track; `dispose` frees the reader. */
export interface OpenedVideo {
  input: Input;
  video: InputVideoTrack;
  facts: VideoFacts;
  dispose(): void;
}

/**
 * Opens a file and reads what a render needs to know, or says in one sentence why it cannot be
 * rendered: not a media file this browser reads, no video track, or a codec it cannot decode.
 */
export async function openVideo(file: Blob, name: string): Promise<OpenedVideo> {
  const input = new Input({ source: new BlobSource(file), formats: ALL_FORMATS });
  try {
    const refuse = (why: string) => new CodedError('invalid-argument', `“${name}” ${why}`);
    let video: InputVideoTrack | null;
    try {
      video = await input.getPrimaryVideoTrack();
    } catch {
      throw refuse('is not a video file this browser can read (MP4, WebM, MOV or MKV).');
    }
    if (!video) throw refuse('has no video track: it holds sound only.');
    if (!(await video.canDecode())) throw refuse(`has video this browser cannot decode (codec ${video.codec ?? (await video.getCodecParameterString()) ?? 'unknown'}).`);
    const [stats, durationS, audio] = await Promise.all([video.computePacketStats(), input.computeDuration(), input.getPrimaryAudioTrack()]);
    if (stats.packetCount === 0) throw refuse('has a video track whose frames cannot be read (is the file cut off?).');
    const facts: VideoFacts = {
      width: video.displayWidth,
      height: video.displayHeight,
      frames: stats.packetCount,
      durationS,
      fps: stats.averagePacketRate,
      codec: video.codec ?? 'unknown',
      audio: audio !== null,
    };
    return { input, video, facts, dispose: () => input.dispose() };
  } catch (error) {
    input.dispose();
    throw error;
  }
}

/** The rendered video's size: the file's own (up to 1080p) or brought down to the chosen short side; even sides. */
export function renderSize(source: Size, resolution: RenderResolution): Size {
  const chosen = RENDER_RESOLUTIONS.find((option) => option.id === resolution)?.shortSide ?? null;
  return outputSize(source.width, source.height, Math.min(MAX_RENDER_SHORT_SIDE, chosen ?? MAX_RENDER_SHORT_SIDE));
}

/** Where the rendered file is written, in which container and codec, and what the person is told about it. */
export interface RenderOutput {
  output: Output<Mp4OutputFormat | WebMOutputFormat, BufferTarget>;
  codec: VideoCodec;
  mimeType: string;
  extension: 'mp4' | 'webm';
  notes: string[];
}

/**
 * H.264 in MP4 where this browser encodes it, else VP9 in WebM (said in a note). The file is
 * assembled in memory: encoded video is small next to the frames (about 1 MB per 10 s at 480p).
 */
export async function createRenderOutput(size: Size): Promise<RenderOutput> {
  const target = new BufferTarget();
  if (await canEncodeVideo('avc', size)) {
    return { output: new Output({ format: new Mp4OutputFormat({ fastStart: 'in-memory' }), target }), codec: 'avc', mimeType: 'video/mp4', extension: 'mp4', notes: [] };
  }
  if (await canEncodeVideo('vp9', size)) {
    return {
      output: new Output({ format: new WebMOutputFormat(), target }),
      codec: 'vp9',
      mimeType: 'video/webm',
      extension: 'webm',
      notes: ['This browser cannot encode H.264, so the video is WebM (VP9).'],
    };
  }
  throw new CodedError('style-failed', `This browser can encode neither H.264 nor VP9 video at ${size.width}×${size.height}.`);
}

/** 83.4 → "1:23.4". */
export function videoTime(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${(seconds - minutes * 60).toFixed(1).padStart(4, '0')}`;
}
