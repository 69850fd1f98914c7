import { describe, expect, it } from 'vitest';
import { formatBytes, formatElapsed, supportedRecordingFormats, timestampedName } from '../../../../src/ui/outputs/recording-formats';

describe('supportedRecordingFormats', () => {
  it('offers MP4 first, then WebM, one entry per container', () => {
    const formats = supportedRecordingFormats(() => true);
    expect(formats.map((format) => format.label)).toEqual(['MP4', 'WebM']);
    expect(formats[0]!.withAudio).toBe('video/mp4;codecs=avc1,mp4a.40.2');
    expect(formats[1]!.videoOnly).toBe('video/webm;codecs=vp9');
  });

  it('falls back to MP4 with Opus where AAC cannot be written (Chromium on Linux)', () => {
    const formats = supportedRecordingFormats((type) => type !== 'video/mp4;codecs=avc1,mp4a.40.2');
    expect(formats[0]).toMatchObject({ label: 'MP4', videoOnly: 'video/mp4;codecs=avc1', withAudio: 'video/mp4;codecs=avc1,opus' });
  });

  it('needs the type with sound as well, so turning sound on never fails', () => {
    const formats = supportedRecordingFormats((type) => type.startsWith('video/webm') && !type.includes('vp9'));
    expect(formats).toEqual([{ label: 'WebM', extension: 'webm', videoOnly: 'video/webm;codecs=vp8', withAudio: 'video/webm;codecs=vp8,opus' }]);
  });

  it('is empty where the browser records nothing', () => {
    expect(supportedRecordingFormats(() => false)).toEqual([]);
  });
});

describe('timestampedName', () => {
  it('sorts by time and uses no characters that file systems reject', () => {
    const name = timestampedName('stylized', 'webm', new Date(2026, 10, 4, 9, 5, 7));
    expect(name).toBe('stylized-2026-11-04_09-05-07.webm');
    expect(name).not.toMatch(/[:/\\ ]/);
  });
});

describe('formatElapsed and formatBytes', () => {
  it('shows minutes and seconds, and hours only when needed', () => {
    expect(formatElapsed(0)).toBe('0:00');
    expect(formatElapsed(65_900)).toBe('1:05');
    expect(formatElapsed(3_723_000)).toBe('1:02:03');
  });

  it('shows KB below a megabyte and MB with one decimal above', () => {
    expect(formatBytes(0)).toBe('0 KB');
    expect(formatBytes(820 * 1024)).toBe('820 KB');
    expect(formatBytes(13_002_342)).toBe('12.4 MB');
  });
});
