/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// WASM threads need SharedArrayBuffer, which browsers only give a cross-origin isolated page.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

// Everything comes from this origin. 'wasm-unsafe-eval' lets WebAssembly compile (not JS eval).
// blob: scripts and workers are tfjs's WASM threads, which this app's own bundle writes into blobs
// and imports; blob: images and fetches are the person's own pictures.
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "connect-src 'self' blob:",
  "img-src 'self' blob: data:",
  "media-src 'self' blob: mediastream:",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

// The dev server injects each CSS module as a <style> element, so only it allows inline styles.
const devContentSecurityPolicy = contentSecurityPolicy.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

// tfjs's threaded WASM build starts its pthread workers from factory.toString(): renaming or
// compressing breaks that code ("e is not defined", "_scriptDir is not defined"), so bundles that
// hold tfjs only lose their whitespace.
const keepNamesMinify = { compress: false, mangle: false, codegen: { removeWhitespace: true } } as const;

export default defineConfig({
  server: { host: '127.0.0.1', port: 5173, headers: { ...isolationHeaders, 'Content-Security-Policy': devContentSecurityPolicy } },
  preview: { host: '127.0.0.1', port: 4173, headers: { ...isolationHeaders, 'Content-Security-Policy': contentSecurityPolicy } },
  worker: {
    format: 'es',
    rolldownOptions: { output: { minify: keepNamesMinify } },
  },
  build: {
    target: 'es2022',
    rolldownOptions: {
      input: { main: 'index.html', bench: 'bench.html', peer: 'peer.html', quality: 'quality.html' },
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
