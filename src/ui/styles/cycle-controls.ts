import { html } from 'lit';
import { CYCLE_INTERVAL_S, MIN_FAVOURITES_TO_CYCLE, type StyleCycler } from './style-cycler';

/** "Cycle styles", its interval and "Only favourites"; a line says why cycling stopped or what it needs. */
export function renderCycleControls(cycler: StyleCycler, favouriteCount: number) {
  const { enabled, intervalS, favouritesOnly } = cycler.settings;
  const numberOf = (event: Event) => Number((event.target as HTMLInputElement).value);
  const checked = (event: Event) => (event.target as HTMLInputElement).checked;
  const hint =
    cycler.notice ||
    (favouritesOnly && favouriteCount < MIN_FAVOURITES_TO_CYCLE ? `Star ${MIN_FAVOURITES_TO_CYCLE} or more styles (☆ on each) to cycle only through them; until then all styles take turns.` : '');
  return html`
    <fieldset class="cycle">
      <legend>Cycle</legend>
      <div class="row">
        <label title="Change to the next style by itself, with the crossfade; picking a style stops it">
          <input type="checkbox" .checked=${enabled} @change=${(e: Event) => cycler.configure({ enabled: checked(e) })} />
          Cycle styles
        </label>
        <label>
          <input type="checkbox" .checked=${favouritesOnly} @change=${(e: Event) => cycler.configure({ favouritesOnly: checked(e) })} />
          Only favourites
        </label>
      </div>
      <label>
        Every
        <input type="range" aria-label="Cycle interval" min=${CYCLE_INTERVAL_S.min} max=${CYCLE_INTERVAL_S.max} step=${CYCLE_INTERVAL_S.step}
          .value=${String(intervalS)} aria-valuetext="${intervalS} seconds"
          @change=${(e: Event) => cycler.configure({ intervalS: numberOf(e) })} />
        <span aria-hidden="true">${intervalS} s</span>
      </label>
      <p class="hint" aria-live="polite">${hint}</p>
    </fieldset>
  `;
}
