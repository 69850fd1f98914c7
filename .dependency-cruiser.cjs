// Which folder may import which (npm run lint:deps, part of npm test). The direction, top to bottom;
// a folder imports only folders below it, never one beside or above it:
//
//   src/ui/main.ts, src/ui/app → src/ui/{connection, outputs, render, sources, stills, styles} → src/ui/common
//   src/worker/*.ts (the service) and src/worker/render (its own worker, the live frame path on a file's frames)
//     → src/worker/{pipeline, stills, predictor} → src/worker/model
//     → src/worker/{quality, backend, style} → src/worker/geometry
//   src/ui and src/worker → src/shared (the one contract between the page and its workers)
//   src/sw (the service worker, its own thread) imports only itself; nothing in src imports it
//     (vite.config.ts reads its headers at build time).
//   src/bench may import anything; nothing imports it.
//
// The pipeline sits above the model because it drives the network (it holds a StyleTransformer);
// the model knows nothing of frames.
const WORKER_LOW = 'geometry|quality|backend|style';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'ui-not-worker',
      comment: 'The page talks to the worker only through src/shared (the typed protocol): src/ui must not import src/worker.',
      severity: 'error',
      from: { path: '^src/ui/' },
      to: { path: '^src/worker/' },
    },
    {
      name: 'worker-not-ui',
      comment: 'The worker talks to the page only through src/shared: src/worker must not import src/ui.',
      severity: 'error',
      from: { path: '^src/worker/' },
      to: { path: '^src/ui/' },
    },
    {
      name: 'shared-is-the-bottom',
      comment: 'src/shared is the contract both threads import: it must not import the page, the worker or the bench.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/(ui|worker|bench)/' },
    },
    {
      name: 'nothing-imports-the-bench',
      comment: 'The bench pages measure the app; the app must not import them.',
      severity: 'error',
      from: { path: '^src/(ui|worker|shared)/' },
      to: { path: '^src/bench/' },
    },
    {
      name: 'worker-geometry-is-a-leaf',
      comment: 'src/worker/geometry (sizes, the adaptive ladder) is used by every worker folder and imports none of them.',
      severity: 'error',
      from: { path: '^src/worker/geometry/' },
      to: { path: '^src/worker/', pathNot: '^src/worker/geometry/' },
    },
    {
      name: 'worker-low-folders',
      comment: 'src/worker/quality, backend and style import only themselves and geometry: not the model, the pipeline, each other or the service.',
      severity: 'error',
      from: { path: `^src/worker/(${WORKER_LOW})/` },
      to: { path: '^src/worker/', pathNot: '^src/worker/(geometry|$1)/' },
    },
    {
      name: 'worker-model',
      comment: 'src/worker/model imports only quality, backend, style and geometry below it: not the pipeline, stills, predictor or the service.',
      severity: 'error',
      from: { path: '^src/worker/model/' },
      to: { path: '^src/worker/', pathNot: `^src/worker/(model|${WORKER_LOW})/` },
    },
    {
      name: 'worker-top-folders',
      comment: 'src/worker/pipeline, stills and predictor import the model and the folders below it, not each other or the service.',
      severity: 'error',
      from: { path: '^src/worker/(pipeline|stills|predictor)/' },
      to: { path: '^src/worker/', pathNot: `^src/worker/(model|${WORKER_LOW}|$1)/` },
    },
    {
      name: 'worker-render',
      comment: 'src/worker/render (the render worker) builds on the pipeline and the folders below it, not on the live service, stills or predictor.',
      severity: 'error',
      from: { path: '^src/worker/render/' },
      to: { path: '^src/worker/', pathNot: `^src/worker/(render|pipeline|model|${WORKER_LOW})/` },
    },
    {
      name: 'ui-common-is-a-leaf',
      comment: 'src/ui/common (file checks, saving, style maths) is used by the panels and imports none of them.',
      severity: 'error',
      from: { path: '^src/ui/common/' },
      to: { path: '^src/ui/', pathNot: '^src/ui/common/' },
    },
    {
      name: 'ui-panels',
      comment: 'A UI panel folder (connection, outputs, render, sources, stills, styles) imports only itself and src/ui/common: not another panel or the app shell.',
      severity: 'error',
      from: { path: '^src/ui/(connection|outputs|render|sources|stills|styles)/' },
      to: { path: '^src/ui/', pathNot: '^src/ui/(common|$1)/' },
    },
    {
      name: 'service-worker-stands-alone',
      comment: 'src/sw is the service worker, a thread of its own: it imports nothing else from src, and the page, its workers and the bench do not import it.',
      severity: 'error',
      from: { path: '^src/sw/' },
      to: { path: '^src/', pathNot: '^src/sw/' },
    },
    {
      name: 'nothing-imports-the-service-worker',
      comment: 'src/sw runs in the service worker only; the page and its workers reach it through navigator.serviceWorker, not imports.',
      severity: 'error',
      from: { path: '^src/(ui|worker|shared|bench)/' },
      to: { path: '^src/sw/' },
    },
    {
      name: 'no-circular',
      comment: 'Modules that import each other, directly or around a loop, cannot be understood or tested one at a time.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
