/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// WASM threads need SharedArrayBuffer, which browsers only give a cross-origin isolated page.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

// tfjs's threaded WASM build starts its pthread workers from factory.toString(): renaming or
// compressing breaks that code ("e is not defined", "_scriptDir is not defined"), so bundles that
// hold tfjs only lose their whitespace.
const keepNamesMinify = { compress: false, mangle: false, codegen: { removeWhitespace: true } } as const;

export default defineConfig({
  server: { host: '127.0.0.1', port: 5173, headers: isolationHeaders },
  preview: { host: '127.0.0.1', port: 4173, headers: isolationHeaders },
  worker: {
    format: 'es',
    rolldownOptions: { output: { minify: keepNamesMinify } },
  },
  build: {
    target: 'es2022',
    rolldownOptions: {
      input: { main: 'index.html', bench: 'bench.html' },
      // The benchmark's main-thread baseline runs tfjs WASM outside the worker too.
      output: { minify: keepNamesMinify },
    },
    chunkSizeWarningLimit: 4096,
  },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/model/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
