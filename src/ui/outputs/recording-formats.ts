/** A container the browser's MediaRecorder can write, with and without a sound track. */
export interface RecordingFormat {
  label: 'MP4' | 'WebM';
  extension: 'mp4' | 'webm';
  videoOnly: string;
  withAudio: string;
}

const CANDIDATES: readonly RecordingFormat[] = [
  // MP4 first: it plays everywhere, and Chromium's MP4 files carry their duration.
  { label: 'MP4', extension: 'mp4', videoOnly: 'video/mp4;codecs=avc1', withAudio: 'video/mp4;codecs=avc1,mp4a.40.2' },
  // Chromium builds without an AAC encoder (Linux distributions) still write MP4 with Opus sound.
  { label: 'MP4', extension: 'mp4', videoOnly: 'video/mp4;codecs=avc1', withAudio: 'video/mp4;codecs=avc1,opus' },
  { label: 'MP4', extension: 'mp4', videoOnly: 'video/mp4;codecs=vp9', withAudio: 'video/mp4;codecs=vp9,opus' },
  { label: 'WebM', extension: 'webm', videoOnly: 'video/webm;codecs=vp9', withAudio: 'video/webm;codecs=vp9,opus' },
  { label: 'WebM', extension: 'webm', videoOnly: 'video/webm;codecs=vp8', withAudio: 'video/webm;codecs=vp8,opus' },
];

/** The formats this browser records, best first, one per container. */
export function supportedRecordingFormats(isTypeSupported: (type: string) => boolean): RecordingFormat[] {
  const formats: RecordingFormat[] = [];
  for (const format of CANDIDATES) {
    if (formats.some((known) => known.label === format.label)) continue;
    if (isTypeSupported(format.videoOnly) && isTypeSupported(format.withAudio)) formats.push(format);
  }
  return formats;
}

/** "stylized-2026-11-24_14-05-09.webm": sorts by time and is a valid name on every system. */
export function timestampedName(prefix: string, extension: string, at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
  const time = `${pad(at.getHours())}-${pad(at.getMinutes())}-${pad(at.getSeconds())}`;
  return `${prefix}-${date}_${time}.${extension}`;
}

/** "1:05" / "1:02:03". */
export function formatElapsed(ms: number): string {
  const total = Math.floor(ms / 1000);
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}` : `${m}:${String(s).padStart(2, '0')}`;
}

/** "820 KB" / "12.4 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(0, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
