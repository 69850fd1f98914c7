import * as Comlink from 'comlink';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CameraFrame } from '../../../../src/shared/protocol';
import { createStylizerClient } from '../../../../src/ui/connection/stylizer-client';

/**
 * A stand-in for the worker: a MessageChannel whose far end exposes a fake stylizer through
 * Comlink, recording the order in which it was disposed and terminated.
 */
function installFakeWorker(events: string[]) {
  class FakeWorker {
    private readonly channel = new MessageChannel();
    constructor() {
      Comlink.expose(
        {
          dispose: async () => {
            // Frames still queued in the worker are closed here, before it goes.
            await new Promise((resolve) => setTimeout(resolve, 20));
            events.push('dispose');
          },
          pushFrame: () => events.push('frame'),
        },
        this.channel.port2,
      );
    }
    postMessage(message: unknown, transfer?: Transferable[]) {
      this.channel.port1.postMessage(message, transfer ?? []);
    }
    addEventListener(type: string, listener: (event: MessageEvent) => void) {
      if (type === 'message') this.channel.port1.addEventListener('message', listener as never);
    }
    removeEventListener(type: string, listener: (event: MessageEvent) => void) {
      if (type === 'message') this.channel.port1.removeEventListener('message', listener as never);
    }
    terminate() {
      events.push('terminate');
      this.channel.port1.close();
    }
  }
  vi.stubGlobal('Worker', FakeWorker);
}

afterEach(() => vi.unstubAllGlobals());

describe('StylizerClient', () => {
  it('lets the worker close its frames and free its tensors before terminating it', async () => {
    const events: string[] = [];
    installFakeWorker(events);
    const client = createStylizerClient();
    await client.destroy();
    // Terminating first would leave the frames the worker held to the garbage collector, unclosed.
    expect(events).toEqual(['dispose', 'terminate']);
  });

  it('closes a frame handed over after destroy instead of sending it to a worker that is gone', async () => {
    const events: string[] = [];
    installFakeWorker(events);
    const client = createStylizerClient();
    await client.destroy();
    const frame = { closed: false, close() { this.closed = true; } };
    client.sendFrame(frame as unknown as CameraFrame);
    expect(frame.closed).toBe(true);
  });
});
