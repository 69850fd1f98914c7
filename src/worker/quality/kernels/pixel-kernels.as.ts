// AssemblyScript, compiled to WebAssembly with SIMD by `npm run setup` (scripts/build-kernels.mjs);
// not part of the TypeScript build. The CPU quality chain's per-pixel work, four pixels at a time
// where the data allow: in scalar JS or as tfjs-wasm tensor ops it cost more than the fast network
// itself (docs/fast-network.md). Every formula and sampling position is the one of its JS or tensor
// form (tfjs's resizeBilinear with half-pixel centres; TF's 'same' box means), computed in 32-bit
// floats. The caller lays the buffers out in memory and passes their addresses; nothing here
// allocates. This entry lists what the worker calls (`PixelKernelExports` in kernel-memory.ts).
export { compose, lowPass, steadyLuma } from './output.as';
export { composeOverCamera, refineMask } from './regions.as';
export { rgbFromRgba, rgbFromYuv } from './frame-import.as';
export { gatedBlend, stabilizeInput } from './stabilizer.as';
