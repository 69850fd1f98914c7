// Compiles the WebAssembly SIMD pixel kernels (src/worker/quality/kernels/*.as.ts, AssemblyScript,
// entry pixel-kernels.as.ts) next to their sources, where the worker imports them; the .wasm is
// git-ignored. Skipped when the binary is newer than every source.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import asc from 'assemblyscript/asc';
import { repoRoot } from './models-dir.mjs';

const folder = resolve(repoRoot, 'src', 'worker', 'quality', 'kernels');
const source = resolve(folder, 'pixel-kernels.as.ts');
const binary = resolve(folder, 'pixel-kernels.wasm');

const newestSource = Math.max(...readdirSync(folder).filter((name) => name.endsWith('.as.ts')).map((name) => statSync(resolve(folder, name)).mtimeMs));
if (!existsSync(binary) || statSync(binary).mtimeMs < newestSource) {
  // -O3 with SIMD; the stub runtime: the kernels allocate nothing (the caller lays memory out).
  const { error, stderr } = await asc.main([source, '--outFile', binary, '-O3', '--runtime', 'stub', '--enable', 'simd', '--noAssert']);
  if (error) {
    console.error(`Could not compile the pixel kernels (${source}):\n${stderr.toString()}`);
    process.exit(1);
  }
  console.log(`Pixel kernels compiled: ${binary} (${statSync(binary).size} bytes)`);
}
