import { html } from 'lit';
import type { StyleEntry } from './style-catalogue';

/**
 * The background's style in the Person and background mode: any built-in or saved style (mixes
 * saved as styles included). Handed to each worker when it is ready and on every change; the
 * worker crossfades to it like the main style.
 */
export class BackgroundStyle {
  /** The chosen style's id; empty until styles are known (then the second built-in one). */
  id: string;

  constructor(
    private readonly styles: () => StyleEntry[],
    private readonly send: (embedding: Float32Array) => Promise<void> | undefined,
    private readonly changed: () => void,
    keptId = '',
  ) {
    this.id = keptId;
  }

  /** The style in use: the chosen one while it exists, else the second built-in (or the first). */
  get current(): StyleEntry | undefined {
    const styles = this.styles();
    return styles.find((style) => style.id === this.id) ?? styles.filter((style) => style.kind === 'builtin')[1] ?? styles[0];
  }

  choose(id: string): Promise<void> | undefined {
    this.id = id;
    this.changed();
    return this.sendCurrent();
  }

  /** To a new worker, or after a change. */
  sendCurrent(): Promise<void> | undefined {
    const style = this.current;
    return style ? this.send(style.embedding) : undefined;
  }
}

/** The Background style select, shown in the Person and background mode. */
export function renderBackgroundStyle(background: BackgroundStyle, styles: StyleEntry[], run: (action: Promise<unknown> | undefined) => void) {
  const current = background.current?.id;
  return html`
    <label title="The style behind the person; the person keeps the style picked in the gallery">
      Background style
      <select aria-label="Background style" @change=${(e: Event) => run(background.choose((e.target as HTMLSelectElement).value))}>
        ${styles.map((style) => html`<option value=${style.id} .selected=${style.id === current}>${style.name}</option>`)}
      </select>
    </label>
  `;
}
