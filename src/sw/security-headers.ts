// The headers the app needs, in one place: the dev and preview servers send them (vite.config.ts),
// the service worker adds them where a static host did not (service-worker.ts), the built page
// carries the policy as a <meta> (minus what a meta cannot say), and docs/deploy.md shows them.

/** WebAssembly threads need SharedArrayBuffer, which browsers only give a cross-origin isolated page. */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * Everything comes from this origin. 'wasm-unsafe-eval' lets WebAssembly compile (not JS eval).
 * blob: scripts and workers are tfjs's WebAssembly threads, which its bundle writes into blobs and
 * starts (its pthread workers have no file of their own to serve); blob: images, media and fetches
 * are the person's own pictures, videos and recordings. Nothing uses data: URLs.
 */
const CSP_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "connect-src 'self' blob:",
  "img-src 'self' blob:",
  "media-src 'self' blob: mediastream:",
  "style-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
] as const;

export const CONTENT_SECURITY_POLICY = CSP_DIRECTIVES.join('; ');

/** A <meta http-equiv> cannot carry frame-ancestors (browsers ignore it there and warn). */
export const META_CONTENT_SECURITY_POLICY = CSP_DIRECTIVES.filter((directive) => !directive.startsWith('frame-ancestors')).join('; ');

/** The dev server injects each CSS module as a <style> element, so only it allows inline styles. */
export const DEV_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

/** Only what the app uses, for this origin only; the powerful features it never needs are refused. */
export const PERMISSIONS_POLICY = [
  'camera=(self)',
  'microphone=(self)',
  'display-capture=(self)',
  'fullscreen=(self)',
  'picture-in-picture=(self)',
  'geolocation=()',
  'payment=()',
  'usb=()',
  'serial=()',
  'hid=()',
  'midi=()',
  'accelerometer=()',
  'gyroscope=()',
  'magnetometer=()',
].join(', ');

/** Every header a page of the app is served with. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  ...ISOLATION_HEADERS,
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'Permissions-Policy': PERMISSIONS_POLICY,
};
