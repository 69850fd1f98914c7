import { html } from 'lit';
import type { StyleEntry } from './style-catalogue';
import './style-gallery';

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

/** The Background style gallery (a second, compact one), shown in the Person and background mode. */
export function renderBackgroundStyle(background: BackgroundStyle, styles: StyleEntry[], run: (action: Promise<unknown> | undefined) => void) {
  return html`
    <div class="background-style" title="The style behind the person; the person keeps the style picked in the main gallery">
      <span>Background style <small>(the person keeps the main gallery’s style)</small></span>
      <style-gallery compact label="Background style" .styles=${styles} .selected=${background.current?.id ?? ''}
        @style-change=${(e: CustomEvent<string>) => {
          // Not the main gallery's pick: kept from whatever listens above.
          e.stopPropagation();
          run(background.choose(e.detail));
        }}></style-gallery>
    </div>
  `;
}
