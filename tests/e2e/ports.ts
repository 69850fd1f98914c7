/** The production build, served with the app's headers (playwright.config.ts's baseURL). */
export const APP_PORT = 4173;
/** The benchmark pages (shader-precompile.spec.ts) come from their own build (`vite build --mode bench`), never shipped. */
export const BENCH_PORT = 4177;
/** production-build.spec.ts's plain static server: no headers at all, the app under a subfolder. */
export const STATIC_PORT = 4178;
