import { LitElement, css, html, nothing } from 'lit';
import type { StyleEntry } from './style-catalogue';
import { STYLE_NAME_MAX_LENGTH } from './style-limits';

export interface BlendDetail {
  fromId: string;
  toId: string;
  t: number;
}

/**
 * Exploring style space: a weight per style (a live weighted mix), a blend slider between two
 * chosen styles, and saving the result under a name. Emits `mix-change` (Map id -> weight),
 * `blend-change` (BlendDetail) and `save-style` (name); the owner applies them.
 */
class StyleMixer extends LitElement {
  static override properties = {
    styles: { attribute: false },
    weights: { attribute: false },
    label: { type: String },
    blendFrom: { state: true },
    blendTo: { state: true },
    blendAt: { state: true },
  };

  declare styles: StyleEntry[];
  declare weights: ReadonlyMap<string, number>;
  declare label: string;
  declare blendFrom: string;
  declare blendTo: string;
  declare blendAt: number;

  constructor() {
    super();
    this.styles = [];
    this.weights = new Map();
    this.label = '';
    this.blendFrom = '';
    this.blendTo = '';
    this.blendAt = 50;
  }

  static override styles = css`
    :host { display: block; }
    fieldset { border: 1px solid #444; border-radius: 8px; padding: 8px 12px; margin: 0 0 8px; display: grid; gap: 6px; }
    legend { padding: 0 4px; }
    label { display: grid; grid-template-columns: minmax(0, 9em) minmax(0, 1fr) 2.5em; gap: 8px; align-items: center; font-size: 0.9rem; }
    label.pair { grid-template-columns: 3em minmax(0, 1fr); }
    select, input[type='range'] { min-width: 0; max-width: 100%; }
    .row { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
    .row input[type='text'] { flex: 1; min-width: 8em; }
    .name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .value { font-variant-numeric: tabular-nums; text-align: right; }
    button, select, input[type='text'] { font: inherit; padding: 4px 8px; border-radius: 6px; border: 1px solid #666; background: #2a2a2a; color: inherit; }
    button:focus-visible, select:focus-visible, input:focus-visible { outline: 3px solid var(--focus, #7ab7ff); outline-offset: 2px; }
    p { margin: 0; color: #ccc; font-size: 0.9rem; }
  `;

  override render() {
    const [first, second] = this.styles;
    const from = this.blendFrom || first?.id || '';
    const to = this.blendTo || second?.id || from;
    return html`
      <fieldset>
        <legend>Weights</legend>
        ${this.styles.map((style) => {
          const weight = Math.round((this.weights.get(style.id) ?? 0) * 100);
          return html`<label>
            <span class="name" title=${style.name}>${style.name}</span>
            <input type="range" min="0" max="100" step="1" aria-label="Weight of ${style.name}" .value=${String(weight)}
              @input=${(e: Event) => this.changeWeight(style.id, Number((e.target as HTMLInputElement).value) / 100)} />
            <span class="value" aria-hidden="true">${weight}</span>
          </label>`;
        })}
      </fieldset>
      <fieldset>
        <legend>Blend two styles</legend>
        <label class="pair">From ${this.styleSelect('Blend from', from, (id) => (this.blendFrom = id))}</label>
        <label class="pair">To ${this.styleSelect('Blend to', to, (id) => (this.blendTo = id))}</label>
        <label>
          <span>Blend</span>
          <input type="range" min="0" max="100" step="1" aria-label="Blend" .value=${String(this.blendAt)}
            @input=${(e: Event) => {
              this.blendAt = Number((e.target as HTMLInputElement).value);
              this.emit('blend-change', { fromId: from, toId: to, t: this.blendAt / 100 } satisfies BlendDetail);
            }} />
          <span class="value" aria-hidden="true">${this.blendAt}%</span>
        </label>
      </fieldset>
      <form class="row" @submit=${this.save}>
        <input type="text" name="name" aria-label="Name for this style" placeholder="Name for this style" maxlength=${STYLE_NAME_MAX_LENGTH} .value=${this.label} />
        <button type="submit">Save as style</button>
      </form>
      ${this.label ? html`<p>Now showing: ${this.label}</p>` : nothing}
    `;
  }

  private styleSelect(label: string, value: string, pick: (id: string) => void) {
    return html`<select aria-label=${label} @change=${(e: Event) => pick((e.target as HTMLSelectElement).value)}>
      ${this.styles.map((style) => html`<option value=${style.id} ?selected=${style.id === value}>${style.name}</option>`)}
    </select>`;
  }

  private changeWeight(id: string, weight: number): void {
    const weights = new Map(this.weights);
    weights.set(id, weight);
    this.emit('mix-change', weights);
  }

  private readonly save = (event: SubmitEvent): void => {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).elements.namedItem('name') as HTMLInputElement;
    this.emit('save-style', input.value);
  };

  private emit(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

customElements.define('style-mixer', StyleMixer);

declare global {
  interface HTMLElementTagNameMap {
    'style-mixer': StyleMixer;
  }
}
