/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// WASM threads need SharedArrayBuffer, which browsers only give a cross-origin isolated page.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  server: { host: '127.0.0.1', port: 5173, headers: isolationHeaders },
  preview: { host: '127.0.0.1', port: 4173, headers: isolationHeaders },
  worker: {
    format: 'es',
    rolldownOptions: {
      // tfjs's threaded WASM build starts its pthread workers from factory.toString(): renaming
      // or compressing breaks that code ("e is not defined", "_scriptDir is not defined"), so
      // the worker bundle only loses its whitespace.
      output: { minify: { compress: false, mangle: false, codegen: { removeWhitespace: true } } },
    },
  },
  build: {
    target: 'es2022',
    rolldownOptions: { input: { main: 'index.html', bench: 'bench.html' } },
  },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/model/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
