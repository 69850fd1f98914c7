export interface StaticServer {
  url: string;
  stats: { requests: number; paths: string[] };
  /** Serves `body` at `path` (e.g. "/stylizer/service-worker.js") from now on, in place of the file. */
  readonly override: (path: string, body: string | Uint8Array) => void;
  readonly close: () => Promise<void>;
}
/** `port` 0: any free port (the URL says which). */
export function serveStatic(root: string, options: { port: number; prefix?: string }): Promise<StaticServer>;
