/// <reference types="vite-plugin-pwa/vanillajs" />
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { registerSW } from 'virtual:pwa-register';

/** sessionStorage key: this tab already reloaded once to come under the service worker's headers. */
const ISOLATION_RELOAD_KEY = 'live-stylizer.isolation-reload';

interface AppUpdatesDeps {
  /** A camera, screen or file is running: the page is never reloaded under it without asking. */
  live(): boolean;
}

/**
 * The service worker's side of the page (the worker itself is src/sw/service-worker.ts): registers it
 * (the build only; `npm start` has none), offers a waiting update as "A new version is ready · Reload"
 * instead of swapping code under a running camera, and, on a host that sends no isolation headers,
 * reloads once when the first install takes the page, since only then do WebAssembly threads work.
 */
export class AppUpdates implements ReactiveController {
  /** What the Reload button beside it would bring; null when there is nothing to offer. */
  offer: string | null = null;
  private applyUpdate: ((reloadPage?: boolean) => Promise<void>) | null = null;
  private updateWaiting = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: AppUpdatesDeps,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    if (!('serviceWorker' in navigator) || this.applyUpdate) return;
    this.applyUpdate = registerSW({
      immediate: true,
      onNeedRefresh: () => {
        this.updateWaiting = true;
        this.show('A new version of the app is ready.');
      },
    });
    navigator.serviceWorker.addEventListener('controllerchange', this.onControllerChange);
  }

  hostDisconnected(): void {
    navigator.serviceWorker?.removeEventListener('controllerchange', this.onControllerChange);
  }

  /** The Reload button: the waiting version takes over (it reloads the page), or a plain reload. */
  reload(): void {
    if (this.updateWaiting && this.applyUpdate) void this.applyUpdate(true);
    else location.reload();
  }

  private readonly onControllerChange = (): void => {
    // An update the person accepted reloads by itself; a page already isolated (its host sent the
    // headers) gains nothing from a reload.
    if (this.updateWaiting || globalThis.crossOriginIsolated) return;
    if (sessionStorage.getItem(ISOLATION_RELOAD_KEY) !== null) return;
    if (this.deps.live()) {
      this.show('The app can now use every processor core; reload to use them.');
      return;
    }
    sessionStorage.setItem(ISOLATION_RELOAD_KEY, '1');
    location.reload();
  };

  private show(text: string): void {
    this.offer = text;
    this.host.requestUpdate();
  }
}
