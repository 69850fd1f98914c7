// A plain static file server, like the simplest host a person might put dist/ on: files and their
// Content-Type, nothing else (no COOP/COEP, no CSP, no caching headers), the app under a subfolder.
// Used by tests/e2e/production-build.spec.ts, scripts/deploy-bench.mjs and (port 0: any free one)
// the model tests' tests/support/static-server.ts.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.bin': 'application/octet-stream',
  '.onnx': 'application/octet-stream',
};

/**
 * Serves `root` at http://127.0.0.1:<port><prefix> (prefix like "/stylizer/"); resolves to
 * { url, stats, override, close } once listening; `stats` counts every request it answered and keeps their paths.
 */
export function serveStatic(root, { port, prefix = '/' }) {
  const base = resolve(root);
  const stats = { requests: 0, paths: [] };
  /** Path → bytes served in place of the file: a test's "new version" of one file. */
  const overrides = new Map();
  const server = createServer((request, response) => {
    stats.requests++;
    stats.paths.push(request.url ?? '');
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    if (path === prefix.slice(0, -1)) {
      response.writeHead(301, { Location: prefix }).end();
      return;
    }
    if (!path.startsWith(prefix)) {
      response.writeHead(404).end();
      return;
    }
    let file = resolve(base, `.${path.slice(prefix.length - 1)}`);
    if (file !== base && !file.startsWith(base + sep)) {
      response.writeHead(403).end();
      return;
    }
    const override = overrides.get(path);
    if (override !== undefined) {
      response.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream', 'Content-Length': override.length }).end(override);
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = resolve(file, 'index.html');
      const size = statSync(file).size;
      response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Length': size });
      createReadStream(file).pipe(response);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((done) => {
    server.listen(port, '127.0.0.1', () => {
      const { port: listening } = server.address();
      done({
        url: `http://127.0.0.1:${listening}${prefix}`,
        stats,
        override: (path, body) => overrides.set(path, Buffer.from(body)),
        close: () => new Promise((closed) => {
          server.close(() => closed());
          server.closeAllConnections();
        }),
      });
    });
  });
}
