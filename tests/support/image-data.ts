/**
 * Node has no ImageData; the pixel chain makes its output frames with one. A stand-in with the
 * same fields (width, height, RGBA bytes), installed only where none exists.
 */
export function provideImageData(): void {
  if (typeof globalThis.ImageData !== 'undefined') return;
  class NodeImageData {
    readonly data: Uint8ClampedArray;
    readonly colorSpace = 'srgb';
    constructor(readonly width: number, readonly height: number) {
      this.data = new Uint8ClampedArray(width * height * 4);
    }
  }
  (globalThis as { ImageData?: unknown }).ImageData = NodeImageData;
}
