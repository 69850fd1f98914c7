/// <reference lib="webworker" />
// The app's service worker: the whole app from the cache (it opens offline and starts without the
// network), the isolation and security headers added where the host sent none (threads on any
// static host), and a damaged copy of a large file dropped and fetched again instead of served.
import type { WorkboxPlugin } from 'workbox-core';
import { clientsClaim } from 'workbox-core';
import { addPlugins, cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkOnly } from 'workbox-strategies';
import { PAGE_HEADERS } from './security-headers';
import { integrityOf } from './integrity';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (PrecacheEntry | string)[] };

const manifest = self.__WB_MANIFEST;

/** Each precached file that has an integrity hash (the large ones: models, WebAssembly), by path. */
const integrityByPath = new Map(
  manifest.flatMap((entry) => (typeof entry !== 'string' && entry.integrity ? [[new URL(entry.url, self.location.href).pathname, entry.integrity] as const] : [])),
);
/** Checked since this worker started: each large file is hashed once per worker, not on every read. */
const verified = new Set<string>();
/** Dropped because damaged: if the network cannot replace them, the answer says so. */
const dropped = new Set<string>();

/** The app's own responses get the headers a static host may not send (COOP/COEP give threads). */
const addPageHeaders: WorkboxPlugin = {
  handlerWillRespond: async ({ response }) => withPageHeaders(response),
};

/** A cached large file whose hash is not the build's is dropped, so the precache fetches it again. */
const checkIntegrity: WorkboxPlugin = {
  cachedResponseWillBeUsed: async ({ cacheName, request, cachedResponse }) => {
    if (!cachedResponse) return cachedResponse;
    const path = new URL(request.url).pathname;
    const expected = integrityByPath.get(path);
    if (!expected || verified.has(path)) return cachedResponse;
    if ((await integrityOf(await cachedResponse.clone().arrayBuffer())) === expected) {
      verified.add(path);
      return cachedResponse;
    }
    await (await caches.open(cacheName)).delete(request);
    dropped.add(path);
    return null;
  },
  // Offline with a dropped file: a sentence the app shows instead of a bare network error.
  handlerDidError: async ({ request }) => {
    const path = new URL(request.url).pathname;
    if (!dropped.has(path)) return undefined;
    const file = path.split('/').pop() ?? path;
    return new Response(`The saved copy of ${file} was damaged, so it was removed; connect to the internet and reload to fetch it again.`, {
      status: 503,
      statusText: 'Damaged copy removed',
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    });
  },
};

addPlugins([checkIntegrity, addPageHeaders]);
precacheAndRoute(manifest);
cleanupOutdatedCaches();
// The page itself, whatever its query (?view=output, ?style=…), from the cache: it opens offline.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { allowlist: [/\/(index\.html)?$/] }));
// Anything else of this origin from the network, with the same headers.
registerRoute(({ url }) => url.origin === self.location.origin, new NetworkOnly({ plugins: [addPageHeaders] }));

// The first install takes the open page at once (it reloads once to get threads); an update waits
// until the person presses Reload, so code never changes under a running camera.
clientsClaim();
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

function withPageHeaders(response: Response): Response {
  // Opaque and error responses cannot be rebuilt; none of the app's own are either.
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0) return response;
  const missing = Object.entries(PAGE_HEADERS).filter(([name]) => !response.headers.has(name));
  if (missing.length === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of missing) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
