import { describe, expect, it } from 'vitest';
import { centreSquare, looksComplete, sizeProblem, sniffImageFormat } from '../../../../src/ui/common/image-file-checks';

const bytes = (...values: number[]) => Uint8Array.from(values);
const jpegStart = [0xff, 0xd8, 0xff, 0xe0];
const pngStart = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const iend = [0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];

describe('sniffImageFormat', () => {
  it('reads the format from the first bytes, not the name', () => {
    expect(sniffImageFormat(bytes(...jpegStart))).toBe('jpeg');
    expect(sniffImageFormat(bytes(...pngStart))).toBe('png');
    expect(sniffImageFormat(new TextEncoder().encode('GIF89a'))).toBe('gif');
    expect(sniffImageFormat(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('webp');
    expect(sniffImageFormat(new TextEncoder().encode('\0\0\0\x1cftypavif'))).toBe('avif');
    expect(sniffImageFormat(new TextEncoder().encode('hello, this is text'))).toBe('unknown');
    expect(sniffImageFormat(bytes())).toBe('unknown');
  });
});

describe('looksComplete', () => {
  it('wants the JPEG end marker, allowing zero padding after it', () => {
    expect(looksComplete(bytes(...jpegStart, 1, 2, 3, 0xff, 0xd9), 'jpeg')).toBe(true);
    expect(looksComplete(bytes(...jpegStart, 1, 2, 3, 0xff, 0xd9, 0, 0), 'jpeg')).toBe(true);
    expect(looksComplete(bytes(...jpegStart, 1, 2, 3), 'jpeg')).toBe(false);
  });

  it('wants the PNG IEND chunk last', () => {
    expect(looksComplete(bytes(...pngStart, 9, 9, ...iend), 'png')).toBe(true);
    expect(looksComplete(bytes(...pngStart, 9, 9, ...iend.slice(0, 8)), 'png')).toBe(false);
  });

  it('leaves other formats to the decoder', () => {
    expect(looksComplete(bytes(1, 2, 3), 'gif')).toBe(true);
  });
});

describe('sizeProblem', () => {
  it('accepts ordinary pictures and explains oversized or empty ones', () => {
    expect(sizeProblem(4000, 3000)).toBeNull();
    expect(sizeProblem(8192, 4000)).toBeNull();
    expect(sizeProblem(12000, 12000)).toMatch(/12000×12000 pixels; the limit is 8192 pixels a side/);
    expect(sizeProblem(8000, 8000)).toMatch(/40 megapixels/);
    expect(sizeProblem(0, 10)).toBe('it has no pixels');
  });
});

describe('centreSquare', () => {
  it('crops the largest centred square', () => {
    expect(centreSquare(640, 426)).toEqual({ x: 107, y: 0, side: 426 });
    expect(centreSquare(300, 500)).toEqual({ x: 0, y: 100, side: 300 });
    expect(centreSquare(256, 256)).toEqual({ x: 0, y: 0, side: 256 });
  });
});
