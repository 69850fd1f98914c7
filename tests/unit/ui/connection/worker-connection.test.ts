import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type BackendReport, type StylizerEvents, type StylizerStats } from '../../../../src/shared/protocol';
import type { StylizerClient } from '../../../../src/ui/connection/stylizer-client';
import { WorkerConnection, type ConnectionHooks } from '../../../../src/ui/connection/worker-connection';

const report: BackendReport = {
  name: 'wasm',
  threads: 2,
  outputPasses: 'wasm-simd',
  engine: 'tfjs',
  engineChoice: { how: 'only', timings: {}, fallbackReason: '' },
  network: 'fast',
  networkReason: '',
  forced: false,
  fallbackReason: '',
};
const stats = (framesStylized: number) => ({ framesStylized }) as StylizerStats;
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A stand-in worker: records the events object the connection hands it and can crash on demand. */
function fakeClient() {
  let crash: (error: Error) => void = () => {};
  const client = {
    events: null as StylizerEvents | null,
    destroyed: false,
    crashed: new Promise<never>((_, reject) => (crash = reject)),
    api: {
      init: async (_options: unknown, _canvas: unknown, events: StylizerEvents) => {
        client.events = events;
        return report;
      },
    },
    sendFrame: () => {},
    destroy: async () => {
      client.destroyed = true;
    },
    crash: (error: Error) => crash(error),
  };
  client.crashed.catch(() => {});
  return client;
}

function setup() {
  const clients: ReturnType<typeof fakeClient>[] = [];
  const host = { addController: () => {}, requestUpdate: () => {}, removeController: () => {}, updateComplete: Promise.resolve(true) };
  const hooks: ConnectionHooks = {
    canvas: () => ({ transferControlToOffscreen: () => ({}) }) as unknown as HTMLCanvasElement,
    initOptions: () => ({ modelBaseUrl: '/models/', settings: { ...DEFAULT_SETTINGS } }),
    attach: async () => {},
    detach: () => {},
    notify: () => {},
    describe: (error) => String((error as { message?: string }).message ?? error),
    paused: () => false,
  };
  const connection = new WorkerConnection(host, hooks, () => {
    const client = fakeClient();
    clients.push(client);
    return client as unknown as StylizerClient;
  });
  return { connection, clients };
}

describe('WorkerConnection', () => {
  it('ignores progress, stats and errors from a worker it already replaced', async () => {
    const { connection, clients } = setup();
    await connection.start();
    expect(connection.phase).toBe('ready');
    const first = clients[0]!;
    first.events!.onStats(stats(5));
    expect(connection.stats?.framesStylized).toBe(5);

    first.crash(new Error('simulated crash'));
    await flush();
    await flush();
    expect(clients).toHaveLength(2);
    expect(first.destroyed).toBe(true);
    expect(connection.phase).toBe('ready');
    const second = clients[1]!;
    second.events!.onStats(stats(1));

    // The replaced worker's late events change nothing.
    first.events!.onStats(stats(99));
    first.events!.onProgress({ stage: 'download', fraction: 0.5 });
    first.events!.onError({ code: 'frame-failed', message: 'stale' });
    expect(connection.stats?.framesStylized).toBe(1);
    expect(connection.progress.stage).not.toBe('download');
    expect(connection.errorText).toBe('');

    // The current one's still do.
    second.events!.onError({ code: 'frame-failed', message: 'fresh' });
    expect(connection.errorText).toBe('fresh');
  });

  it('restarts on a lost GPU, and after 3 restarts in a minute asks for Retry', async () => {
    const { connection, clients } = setup();
    await connection.start();
    for (let i = 0; i < 3; i++) {
      clients.at(-1)!.events!.onError({ code: 'gpu-lost', message: 'device lost' });
      await flush();
      await flush();
    }
    expect(clients).toHaveLength(4);
    clients.at(-1)!.events!.onError({ code: 'gpu-lost', message: 'device lost' });
    expect(connection.phase).toBe('failed');
    expect(connection.errorText).toMatch(/keeps stopping/);
  });
});
