import { serveStatic } from '../../scripts/static-server.mjs';

/** Serves a folder on 127.0.0.1 (any free port) so tf.loadGraphModel fetches the models over HTTP, as in the app. */
export async function serveFolder(root: string): Promise<{ url: string; close(): Promise<void> }> {
  const { url, close } = await serveStatic(root, { port: 0 });
  return { url, close };
}
