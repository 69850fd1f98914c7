// Side-by-side JPEG (half size) of quality snapshots, for docs/: after `npm run quality -- --snapshots`,
// node scripts/quality-montage.mjs docs/quality/still.jpg bench-results/quality-wasm-still-plain.jpg …
import { readFileSync, writeFileSync } from 'node:fs';
import jpeg from 'jpeg-js';
const [out, ...files] = process.argv.slice(2);
const imgs = files.map((f) => jpeg.decode(readFileSync(f), { useTArray: true }));
const w = imgs[0].width / 2, h = imgs[0].height / 2, gap = 4, W = w * imgs.length + gap * (imgs.length - 1);
const data = new Uint8Array(W * h * 4).fill(255);
imgs.forEach((im, k) => { for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let c = 0; c < 4; c++) {
  let sum = 0; for (const [dy, dx] of [[0,0],[0,1],[1,0],[1,1]]) sum += im.data[((y * 2 + dy) * im.width + x * 2 + dx) * 4 + c];
  data[(y * W + k * (w + gap) + x) * 4 + c] = sum / 4; } });
writeFileSync(out, jpeg.encode({ data, width: W, height: h }, 85).data);
