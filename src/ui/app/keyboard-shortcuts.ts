import { html, type ReactiveController, type ReactiveControllerHost } from 'lit';

/** What the shortcuts do; the app wires each to the same action its button or control runs. */
interface ShortcutActions {
  previousStyle(): void;
  nextStyle(): void;
  /** 1-based, as printed on the keys. */
  styleNumber(n: number): void;
  /** The camera picture instead of the stylized one, while `shown`. */
  showOriginal(shown: boolean): void;
  toggleRecording(): void;
  snapshot(): void;
  toggleFullscreen(): void;
  toggleMirror(): void;
  surprise(): void;
  toggleCycle(): void;
  togglePopOut(): void;
  toggleSource(): void;
  /** Everything → Person only → Background only → Person and background → Everything. */
  cycleRegion(): void;
  openHelp(): void;
}

/**
 * The keys and what they do, for the help dialog. K, not Space, starts and stops the source: Space
 * already presses whichever button or checkbox has the focus, so a page-wide Space would do two
 * things at once for a keyboard user; K is the video players' play/pause key.
 */
const SHORTCUTS: readonly { keys: string; action: string }[] = [
  { keys: '← / →', action: 'Previous / next style' },
  { keys: '1 … 9', action: 'Style 1 to 9' },
  { keys: 'O', action: 'Show the original while held (a quick tap switches it on or off)' },
  { keys: 'K', action: 'Start or stop the source' },
  { keys: 'R', action: 'Start or stop recording' },
  { keys: 'S', action: 'Snapshot' },
  { keys: 'F', action: 'Fullscreen' },
  { keys: 'M', action: 'Mirror' },
  { keys: 'X', action: 'Surprise me' },
  { keys: 'C', action: 'Cycle styles on or off' },
  { keys: 'P', action: 'Pop out the stylized video (or close that window)' },
  { keys: 'B', action: 'Stylize: everything, the person, the background, or each in its own style' },
  { keys: '?', action: 'This list' },
];

/** A press of O shorter than this toggles the original instead of showing it while held. */
const TAP_MS = 250;

/** Where typing or operating a control owns the keys: text fields, sliders, selects, editable text. */
function ownsKeys(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'color'].includes(target.type);
  return false;
}

/** The element the key went to, looking into shadow roots (the app's controls live in one). */
function keyTarget(event: KeyboardEvent): EventTarget | null {
  return event.composedPath()[0] ?? event.target;
}

/**
 * Page-wide keyboard shortcuts. They never fire while a text field, slider or select has the focus
 * (arrows move a slider, digits go into a field) or with Ctrl, Alt or Meta held (the browser's own).
 * Listens on the window while the host is connected.
 */
export class KeyboardShortcuts implements ReactiveController {
  private originalDownAt: number | null = null;
  private originalToggled = false;

  constructor(
    host: ReactiveControllerHost,
    private readonly actions: ShortcutActions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('keydown', this.onKeyDown);
    window.addEventListener('keyup', this.onKeyUp);
  }

  hostDisconnected(): void {
    window.removeEventListener('keydown', this.onKeyDown);
    window.removeEventListener('keyup', this.onKeyUp);
  }

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    if (event.ctrlKey || event.altKey || event.metaKey || ownsKeys(keyTarget(event))) return;
    const handled = this.run(event);
    if (handled) event.preventDefault();
  };

  private readonly onKeyUp = (event: KeyboardEvent): void => {
    if (event.key.toLowerCase() !== 'o' || this.originalDownAt === null) return;
    const tap = performance.now() - this.originalDownAt < TAP_MS;
    this.originalDownAt = null;
    if (tap) this.originalToggled = !this.originalToggled;
    this.actions.showOriginal(this.originalToggled);
  };

  private run(event: KeyboardEvent): boolean {
    const { actions } = this;
    if (/^[1-9]$/.test(event.key)) {
      actions.styleNumber(Number(event.key));
      return true;
    }
    if (event.key === '?') {
      actions.openHelp();
      return true;
    }
    if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      // Arrows keep their usual job inside a radio group or anything else that uses them.
      const target = keyTarget(event);
      if (target instanceof HTMLElement && target.closest('[role=radiogroup], [role=tablist], [role=menu]')) return false;
      if (event.key === 'ArrowLeft') actions.previousStyle();
      else actions.nextStyle();
      return true;
    }
    const key = event.key.toLowerCase();
    if (key === 'o') {
      if (!event.repeat) {
        this.originalDownAt = performance.now();
        actions.showOriginal(true);
      }
      return true;
    }
    const simple: Record<string, () => void> = {
      k: () => actions.toggleSource(),
      r: () => actions.toggleRecording(),
      s: () => actions.snapshot(),
      f: () => actions.toggleFullscreen(),
      m: () => actions.toggleMirror(),
      x: () => actions.surprise(),
      c: () => actions.toggleCycle(),
      p: () => actions.togglePopOut(),
      b: () => actions.cycleRegion(),
    };
    const action = simple[key];
    if (!action || event.repeat) return false;
    action();
    return true;
  }
}

/** The help dialog, opened by "?" and the "Keyboard shortcuts" button (`showModal`); Escape closes it. */
export function renderShortcutsDialog() {
  return html`
    <dialog class="shortcuts" aria-labelledby="shortcuts-title">
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table>
      <tbody>
        ${SHORTCUTS.map((shortcut) => html`<tr><th scope="row"><kbd>${shortcut.keys}</kbd></th><td>${shortcut.action}</td></tr>`)}
      </tbody>
    </table>
      <p>Shortcuts do nothing while a text field, slider or list has the focus; every action is also a control you can reach with Tab.</p>
      <form method="dialog"><button>Close</button></form>
    </dialog>
  `;
}
