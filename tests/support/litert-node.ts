import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import * as litert from '@litertjs/core';
import type { LiteRtRuntime } from '../../src/worker/backend/litert-runtime';

let loaded: Promise<LiteRtRuntime> | null = null;

/**
 * LiteRT.js in Node for model tests: its compatible (single-threaded) WebAssembly build, the same
 * XNNPACK kernels as the browser's threaded one. Its loader only knows browsers (a `<script>` tag or
 * `importScripts`), so its factory script is evaluated here as the CommonJS module it also is.
 */
export function loadLiteRtInNode(): Promise<LiteRtRuntime> {
  loaded ??= (async () => {
    const script = resolve('node_modules/@litertjs/core/wasm/litert_wasm_compat_internal.js');
    const module = { exports: {} as unknown };
    // The compatible build is a CommonJS script for a browser's global scope: it runs here as one.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval, @typescript-eslint/no-unsafe-call
    new Function('module', 'exports', 'require', '__filename', '__dirname', readFileSync(script, 'utf8'))(module, module.exports, createRequire(script), script, resolve(script, '..'));
    const scope = globalThis as unknown as Record<string, unknown>;
    scope.self ??= globalThis;
    scope.ModuleFactory = module.exports;
    scope.Module = { locateFile: () => script.replace(/\.js$/, '.wasm'), print: (l: string) => process.env.LITERT_LOG && console.log(l), printErr: (l: string) => process.env.LITERT_LOG && console.log(l) };
    scope.importScripts = () => {};
    // It also looks for a WebGPU device, warns that Node has none, and runs on the CPU.
    const warn = console.warn;
    console.warn = () => {};
    try {
      await litert.loadLiteRt(script);
    } finally {
      console.warn = warn;
    }
    return { api: litert, threads: 1, notice: '' };
  })();
  return loaded;
}
