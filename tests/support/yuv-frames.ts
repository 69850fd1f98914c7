import type { Size } from '../../src/worker/geometry/frame-sizes';
import type { YuvMatrix, YuvPicture } from '../../src/worker/quality/yuv-picture';

// Camera frames in YUV 4:2:0 made from known RGB pictures, for the tests of what reads them.

/** An RGB picture (0..255, `size`, even sides) as a camera would send it: Y at full size, U and V averaged over 2×2, rows padded by 8 bytes. */
export function yuvFrame(rgb: Float32Array, size: Size, options: { interleaved: boolean; fullRange: boolean; matrix: YuvMatrix; to: Size }): YuvPicture {
  const { width, height } = size;
  const { red, blue } = options.matrix;
  const green = 1 - red - blue;
  const [black, lumaScale, chromaScale] = options.fullRange ? [0, 1, 1] : [16, 219 / 255, 224 / 255];
  const lumaStride = width + 8;
  const chromaWidth = width / 2;
  const chromaStride = (options.interleaved ? width : chromaWidth) + 8;
  const lumaBytes = lumaStride * height;
  const chromaBytes = chromaStride * (height / 2);
  const data = new Uint8Array(lumaBytes + chromaBytes * (options.interleaved ? 1 : 2));
  const at = (x: number, y: number) => [rgb[(y * width + x) * 3]!, rgb[(y * width + x) * 3 + 1]!, rgb[(y * width + x) * 3 + 2]!] as const;
  const lumaOf = ([r, g, b]: readonly [number, number, number]) => red * r + green * g + blue * b;
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * lumaStride + x] = Math.round(black + lumaOf(at(x, y)) * lumaScale);
  for (let y = 0; y < height / 2; y++) for (let x = 0; x < chromaWidth; x++) {
    let cb = 0;
    let cr = 0;
    for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) {
      const pixel = at(2 * x + dx, 2 * y + dy);
      cb += (pixel[2] - lumaOf(pixel)) / (2 * (1 - blue)) / 4;
      cr += (pixel[0] - lumaOf(pixel)) / (2 * (1 - red)) / 4;
    }
    const [u, v] = [Math.round(128 + cb * chromaScale), Math.round(128 + cr * chromaScale)];
    if (options.interleaved) data.set([u, v], lumaBytes + y * chromaStride + 2 * x);
    else {
      data[lumaBytes + y * chromaStride + x] = u;
      data[lumaBytes + chromaBytes + y * chromaStride + x] = v;
    }
  }
  const uPlane = { offset: lumaBytes, stride: chromaStride };
  const vPlane = options.interleaved ? { offset: lumaBytes + 1, stride: chromaStride } : { offset: lumaBytes + chromaBytes, stride: chromaStride };
  return { data, interleaved: options.interleaved, width, height, planes: { y: { offset: 0, stride: lumaStride }, u: uPlane, v: vPlane }, fullRange: options.fullRange, matrix: options.matrix, to: options.to };
}
