import { LitElement, css, html } from 'lit';
import type { StyleEntry } from './style-catalogue';

/** Fired when the person picks a style; `detail` is the style id. */
export type StyleChangeEvent = CustomEvent<string>;

/** The built-in styles as one radio group: arrow keys move between styles, as with any radio group. */
export class StyleGallery extends LitElement {
  static override properties = {
    styles: { attribute: false },
    selected: { type: String },
  };

  declare styles: StyleEntry[];
  declare selected: string;

  constructor() {
    super();
    this.styles = [];
    this.selected = '';
  }

  static override styles = css`
    :host { display: block; }
    [role='radiogroup'] {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(96px, 1fr));
      gap: 8px;
      border: 0;
      padding: 0;
      margin: 0;
    }
    label {
      display: flex;
      flex-direction: column;
      gap: 4px;
      cursor: pointer;
      border: 2px solid transparent;
      border-radius: 8px;
      padding: 4px;
      font-size: 0.8rem;
      line-height: 1.2;
    }
    label:has(input:checked) { border-color: var(--accent, #ffb347); }
    label:has(input:focus-visible) { outline: 3px solid var(--focus, #7ab7ff); outline-offset: 2px; }
    input { position: absolute; opacity: 0; width: 1px; height: 1px; margin: 0; }
    img { width: 100%; aspect-ratio: 1; object-fit: cover; border-radius: 6px; background: #333; }
  `;

  override render() {
    return html`
      <fieldset role="radiogroup" aria-label="Styles">
        ${this.styles.map(
          (style) => html`
            <label>
              <input
                type="radio"
                name="style"
                .value=${style.id}
                .checked=${style.id === this.selected}
                @change=${() => this.pick(style.id)}
              />
              <img src=${style.imageUrl} alt="" loading="lazy" decoding="async" />
              <span>${style.name}</span>
            </label>
          `,
        )}
      </fieldset>
    `;
  }

  private pick(id: string): void {
    this.selected = id;
    this.dispatchEvent(new CustomEvent('style-change', { detail: id, bubbles: true, composed: true }));
  }
}

customElements.define('style-gallery', StyleGallery);

declare global {
  interface HTMLElementTagNameMap {
    'style-gallery': StyleGallery;
  }
}
