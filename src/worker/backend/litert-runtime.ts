// LiteRT.js's WebAssembly builds (about 9 MB each, 2.9 MB gzipped), served from our own origin and
// fetched only when the LiteRT engine is loaded: the threaded one (relaxed SIMD + threads) and the
// compatible one for browsers without relaxed SIMD or cross-origin isolation (one thread).
import threadedJsUrl from '@litertjs/core/wasm/litert_wasm_threaded_internal.js?url';
import threadedWasmUrl from '@litertjs/core/wasm/litert_wasm_threaded_internal.wasm?url';
import compatJsUrl from '@litertjs/core/wasm/litert_wasm_compat_internal.js?url';
import compatWasmUrl from '@litertjs/core/wasm/litert_wasm_compat_internal.wasm?url';
import type * as LiteRtModule from '@litertjs/core';

type LiteRtApi = Pick<typeof LiteRtModule, 'loadAndCompile' | 'Tensor'>;

/** LiteRT.js once loaded (`loadLiteRt` in the worker; the compatible build in Node's model tests). */
export interface LiteRtRuntime {
  api: LiteRtApi;
  /** Threads the runtime computes with (1 on the compatible build). */
  threads: number;
  /** Why it runs on one thread where more were asked for; empty otherwise. */
  notice: string;
}

let loading: Promise<LiteRtRuntime> | null = null;

/**
 * Loads LiteRT.js once per worker, with `threads` threads where the page allows them. Its own
 * loader expects a classic script context (`importScripts` or a `<script>` tag), which a module
 * worker does not have, so its factory script is imported here as a module and handed over; its
 * pthreads load the same file as classic workers (`mainScriptUrlOrBlob`). Its INFO and WARNING
 * lines go to console.debug, out of the page's errors.
 */
export function loadLiteRtRuntime(threads: number): Promise<LiteRtRuntime> {
  loading ??= start(threads).catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

async function start(threads: number): Promise<LiteRtRuntime> {
  const api = await import('@litertjs/core');
  const relaxedSimd = await api.supportsFeature('relaxedSimd');
  const isolated = globalThis.crossOriginIsolated === true;
  const threaded = threads > 1 && relaxedSimd && isolated;
  const [jsUrl, wasmUrl] = threaded ? [threadedJsUrl, threadedWasmUrl] : [compatJsUrl, compatWasmUrl];
  const scope = globalThis as unknown as { ModuleFactory?: unknown; Module?: unknown };
  scope.ModuleFactory = await importFactory(jsUrl);
  scope.Module = {
    locateFile: () => new URL(wasmUrl, self.location.href).href,
    mainScriptUrlOrBlob: new URL(jsUrl, self.location.href).href,
    print: (line: string) => console.debug(`LiteRT: ${line}`),
    printErr: (line: string) => console.debug(`LiteRT: ${line}`),
  };
  // While it loads: its script loader finds nothing left to load (the factory is in place), and
  // it finds no WebGPU (it would open a GPU device of its own for nothing: it runs on the CPU here).
  const restore = [shadow(globalThis, 'importScripts', () => {}), shadow(navigator, 'gpu', undefined), shadow(console, 'warn', quietWarning)];
  try {
    await api.loadLiteRt(jsUrl);
  } finally {
    for (const undo of restore) undo();
  }
  const notice = threads > 1 && !threaded ? `LiteRT runs on one thread here (${!relaxedSimd ? 'no relaxed SIMD in this browser' : 'the page is not cross-origin isolated'}).` : '';
  return { api, threads: threaded ? threads : 1, notice };
}

/** The Emscripten factory of a LiteRT build, from its classic script imported as a module (a blob: module, which the page's CSP allows for WebAssembly glue). */
async function importFactory(jsUrl: string): Promise<unknown> {
  const response = await fetch(jsUrl);
  if (!response.ok) throw new Error(`LiteRT's script ${jsUrl}: HTTP ${response.status}`);
  const source = `${await response.text()}\nexport default ModuleFactory;\n`;
  const moduleUrl = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  try {
    return ((await import(/* @vite-ignore */ moduleUrl)) as { default: unknown }).default;
  } finally {
    URL.revokeObjectURL(moduleUrl);
  }
}

/** Puts `value` over `object[key]` (an own property over the prototype's); the returned function puts the original back. */
function shadow(object: object, key: string, value: unknown): () => void {
  const own = Object.getOwnPropertyDescriptor(object, key);
  Object.defineProperty(object, key, { value, configurable: true, writable: true });
  return () => {
    if (own) Object.defineProperty(object, key, own);
    else delete (object as Record<string, unknown>)[key];
  };
}

/** LiteRT warns that it found no WebGPU device: expected here, not the page's concern. */
function quietWarning(...parts: unknown[]): void {
  console.debug('LiteRT:', ...parts);
}
