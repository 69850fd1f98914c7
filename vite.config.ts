/// <reference types="vitest/config" />
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { integrityOf } from './src/sw/integrity.ts';
import { DEV_CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY, PAGE_HEADERS } from './src/sw/security-headers.ts';

// tfjs's threaded WASM build starts its pthread workers from factory.toString(): renaming or
// compressing breaks that code ("e is not defined", "_scriptDir is not defined"), so bundles that
// hold tfjs only lose their whitespace.
const keepNamesMinify = { compress: false, mangle: false, codegen: { removeWhitespace: true } } as const;

/** Precached files at least this big get an integrity hash, checked when they are read from the cache. */
const CHECKED_FILE_BYTES = 100_000;
/** The largest precached file is ONNX Runtime's WebAssembly (about 14 MB). */
const LARGEST_PRECACHED_BYTES = 32 * 1024 * 1024;

const APP_PAGES: Record<string, string> = { main: 'index.html' };
const BENCH_PAGES: Record<string, string> = { ...APP_PAGES, bench: 'bench.html', peer: 'peer.html', quality: 'quality.html', clips: 'clips.html' };

/** The policy inside the built page too, for hosts that send no headers (a meta cannot carry frame-ancestors). */
function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'content-security-policy-meta',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: META_CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' }],
  };
}

// `vite build` is what ships (dist/: the app alone); `vite build --mode bench` adds the benchmark
// and quality pages for `npm run bench`/`quality` and the browser tests (dist-bench/).
export default defineConfig(({ mode }) => {
  const outDir = mode === 'bench' ? 'dist-bench' : 'dist';
  return {
    // Relative URLs: the build works from any folder of any host (a subpath on GitHub Pages, a USB stick).
    base: './',
    server: { host: '127.0.0.1', port: 5173, headers: { ...PAGE_HEADERS, 'Content-Security-Policy': DEV_CONTENT_SECURITY_POLICY } },
    preview: { host: '127.0.0.1', port: 4173, headers: { ...PAGE_HEADERS } },
    // The workers' libraries are found only when each worker first starts (the render worker's when
    // a video is first chosen); bundled up front, a fresh dev server does not re-optimize them and
    // reload the page in the middle of a session.
    optimizeDeps: {
      include: ['@litertjs/core', '@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgpu', 'flatbuffers', 'onnxruntime-web/wasm', 'mediabunny'],
    },
    worker: {
      format: 'es',
      rolldownOptions: { output: { minify: keepNamesMinify } },
    },
    plugins: [
      contentSecurityPolicyMeta(),
      VitePWA({
        strategies: 'injectManifest',
        srcDir: 'src/sw',
        filename: 'service-worker.ts',
        // The page registers it itself (src/ui/app/app-updates.ts) and asks before taking an update.
        injectRegister: false,
        registerType: 'prompt',
        manifest: {
          name: 'Live style transfer',
          short_name: 'Stylizer',
          description: 'Repaint your webcam live in the style of any picture, entirely in your browser.',
          start_url: './',
          scope: './',
          display: 'standalone',
          theme_color: '#1b2a4a',
          background_color: '#1b2a4a',
          icons: [
            { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
            { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
            { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          ],
          // For streaming software: the stylized video alone, as its own installed window.
          shortcuts: [{ name: 'Output window', short_name: 'Output', url: './?view=output', icons: [{ src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' }] }],
        },
        injectManifest: {
          globPatterns: ['**/*.{html,js,css,wasm,svg,png,webmanifest,json,bin,onnx,jpg}'],
          // The benchmark pages (bench mode) are never precached.
          globIgnores: ['bench.html', 'peer.html', 'quality.html', 'clips.html', 'assets/bench-*', 'assets/peer-*', 'assets/quality-*', 'assets/clips-*'],
          maximumFileSizeToCacheInBytes: LARGEST_PRECACHED_BYTES,
          manifestTransforms: [
            async (entries) => ({
              manifest: await Promise.all(
                entries.map(async (entry) =>
                  entry.size >= CHECKED_FILE_BYTES ? { ...entry, integrity: await integrityOf(await readFile(resolve(outDir, entry.url))) } : entry,
                ),
              ),
              warnings: [],
            }),
          ],
        },
        devOptions: { enabled: false },
      }),
    ],
    build: {
      target: 'es2022',
      outDir,
      rolldownOptions: {
        input: mode === 'bench' ? BENCH_PAGES : APP_PAGES,
        // The benchmark's main-thread baseline runs tfjs WASM outside the worker too.
        output: { minify: keepNamesMinify },
      },
      chunkSizeWarningLimit: 4096,
    },
    test: {
      include: ['tests/unit/**/*.test.ts', 'tests/model/**/*.test.ts'],
      testTimeout: 120_000,
      hookTimeout: 120_000,
      // Vitest's default is one file less than the cores: a single file at a time on two cores, while
      // the model tests each keep one core busy (a network on tfjs's WASM backend in Node runs on one thread).
      maxWorkers: availableParallelism(),
    },
  };
});
