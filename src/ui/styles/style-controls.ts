import { html, type TemplateResult } from 'lit';
import { MAX_CROSSFADE_MS } from '../../shared/protocol';
import type { FavouriteStyles } from './favourite-styles';
import type { StyleLibraryController } from './style-library-controller';
import type { BlendDetail } from './style-mixer';
import './style-gallery';
import './style-mixer';

interface StyleControlState {
  ready: boolean;
  /** 0..1, shown as %. */
  styleStrength: number;
  crossfadeMs: number;
  mixerOpen: boolean;
  favourites: FavouriteStyles;
  /** The auto-cycle controls, shown just above the gallery they cycle through. */
  cycleControls: TemplateResult;
}

interface StyleControlActions {
  setStrength(strength: number): void;
  setCrossfade(ms: number, commit: boolean): void;
  toggleMixer(): void;
  addFiles(files: Iterable<File>): void;
  /** Runs a library action; a refusal becomes the error line. */
  run(action: Promise<unknown>): void;
}

/** Strength, crossfade, add/surprise/mix, the mixer and the gallery. */
export function renderStyleControls(library: StyleLibraryController, state: StyleControlState, actions: StyleControlActions) {
  const selection = library.selection;
  const percent = Math.round(state.styleStrength * 100);
  return html`
    <label>
      Style strength
      <input type="range" aria-label="Style strength" min="0" max="100" step="1" .value=${String(percent)}
        @input=${(e: Event) => actions.setStrength(Number((e.target as HTMLInputElement).value) / 100)} />
      <span aria-hidden="true">${percent}%</span>
    </label>
    <label>
      Crossfade
      <input type="range" aria-label="Crossfade" min="0" max=${MAX_CROSSFADE_MS} step="50" .value=${String(state.crossfadeMs)}
        @change=${(e: Event) => actions.setCrossfade(Number((e.target as HTMLInputElement).value), true)}
        @input=${(e: Event) => actions.setCrossfade(Number((e.target as HTMLInputElement).value), false)} />
      <span aria-hidden="true">${state.crossfadeMs} ms</span>
    </label>
    <div class="row">
      <button ?disabled=${!state.ready} @click=${(e: Event) => ((e.target as HTMLElement).getRootNode() as ShadowRoot).querySelector<HTMLInputElement>('#style-file')?.click()}>Add style</button>
      <button ?disabled=${!state.ready} @click=${() => actions.run(library.surprise())}>Surprise me</button>
      <button aria-expanded=${state.mixerOpen ? 'true' : 'false'} aria-controls="mixer" ?disabled=${!state.ready} @click=${() => actions.toggleMixer()}>Mix styles</button>
      <input id="style-file" class="visually-hidden" type="file" accept="image/*" aria-label="Style image" tabindex="-1"
        @change=${(e: Event) => {
          const input = e.target as HTMLInputElement;
          actions.addFiles(input.files ?? []);
          input.value = '';
        }} />
    </div>
    <p class="hint">Or drop a picture on the page, or paste one. Pictures stay on this device.</p>
    <p class="style-message ${library.message?.tone ?? ''}" aria-live="polite">${library.busy ? html`<span class="spinner" aria-hidden="true"></span>` : ''}${library.message?.text ?? ''}</p>
    <div id="mixer" ?hidden=${!state.mixerOpen}>
      <style-mixer .styles=${library.all} .weights=${library.weights} label=${selection?.kind === 'mix' ? selection.label : ''}
        @mix-change=${(e: CustomEvent<Map<string, number>>) => actions.run(library.mix(e.detail))}
        @blend-change=${(e: CustomEvent<BlendDetail>) => actions.run(library.blend(e.detail.fromId, e.detail.toId, e.detail.t))}
        @save-style=${(e: CustomEvent<string>) => actions.run(library.saveCurrent(e.detail))}></style-mixer>
    </div>
    ${state.cycleControls}
    <style-gallery .styles=${library.all} .selected=${library.selectedId}
      @style-change=${(e: CustomEvent<string>) => actions.run(library.select(e.detail))}
      .favourites=${state.favourites.all}
      @style-favourite=${(e: CustomEvent<string>) => actions.run(state.favourites.toggle(e.detail))}
      @style-remove=${(e: CustomEvent<string>) => actions.run(Promise.all([library.remove(e.detail), state.favourites.forget(e.detail)]))}></style-gallery>
  `;
}
