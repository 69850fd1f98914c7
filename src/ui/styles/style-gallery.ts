import { LitElement, css, html, nothing } from 'lit';
import type { StyleEntry } from './style-catalogue';

/**
 * Every style as one radio group named `label`: arrow keys move between styles, as with any radio
 * group. Fires `style-change` (a style was picked), `style-remove` (a user style's Remove button)
 * and `style-favourite` (its star was toggled), each with the style id as `detail`. `compact`: smaller
 * cards without the star and Remove buttons (the Background style's gallery).
 */
class StyleGallery extends LitElement {
  static override properties = {
    styles: { attribute: false },
    selected: { type: String },
    favourites: { attribute: false },
    label: { type: String },
    compact: { type: Boolean, reflect: true },
  };

  declare styles: StyleEntry[];
  declare selected: string;
  declare favourites: ReadonlySet<string>;
  declare label: string;
  declare compact: boolean;

  constructor() {
    super();
    this.styles = [];
    this.selected = '';
    this.favourites = new Set();
    this.label = 'Styles';
    this.compact = false;
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
    .item { position: relative; }
    /* Star (top left) and Remove (top right): buttons over the card, above its radio. */
    .corner {
      position: absolute;
      top: 6px;
      width: 28px;
      height: 28px;
      border-radius: 50%;
      border: 1px solid #888;
      background: #222c;
      color: #fff;
      font: inherit;
      line-height: 1;
      cursor: pointer;
      z-index: 2;
    }
    .corner:focus-visible { outline: 3px solid var(--focus, #7ab7ff); outline-offset: 2px; }
    .remove { right: 6px; }
    .favourite { left: 6px; }
    .favourite[aria-pressed='true'] { color: var(--accent, #ffb347); border-color: var(--accent, #ffb347); }
    label {
      position: relative;
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
    /* The radio covers its whole card, so a click anywhere on the card is a click on the radio. */
    input { position: absolute; inset: 0; z-index: 1; opacity: 0; width: 100%; height: 100%; margin: 0; cursor: pointer; }
    img { width: 100%; aspect-ratio: 1; object-fit: cover; border-radius: 6px; background: #333; }
    :host([compact]) [role='radiogroup'] { grid-template-columns: repeat(auto-fill, minmax(64px, 1fr)); gap: 4px; }
    :host([compact]) label { font-size: 0.7rem; }
  `;

  override render() {
    return html`
      <fieldset role="radiogroup" aria-label=${this.label}>
        ${this.styles.map(
          (style) => html`
            <div class="item">
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
              ${this.compact
                ? nothing
                : html`<button type="button" class="corner favourite" aria-label="Favourite ${style.name}" title="Favourite ${style.name}"
                    aria-pressed=${this.favourites.has(style.id) ? 'true' : 'false'}
                    @click=${() => this.emit('style-favourite', style.id)}>${this.favourites.has(style.id) ? '★' : '☆'}</button>`}
              ${style.kind === 'user' && !this.compact
                ? html`<button type="button" class="corner remove" aria-label="Remove ${style.name}" title="Remove ${style.name}"
                    @click=${() => this.emit('style-remove', style.id)}>×</button>`
                : nothing}
            </div>
          `,
        )}
      </fieldset>
    `;
  }

  private pick(id: string): void {
    this.selected = id;
    this.emit('style-change', id);
  }

  private emit(type: string, id: string): void {
    this.dispatchEvent(new CustomEvent(type, { detail: id, bubbles: true, composed: true }));
  }
}

customElements.define('style-gallery', StyleGallery);

declare global {
  interface HTMLElementTagNameMap {
    'style-gallery': StyleGallery;
  }
}
