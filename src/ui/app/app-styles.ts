import { css } from 'lit';

/** The page layout, the views and the shared look of controls. */
export const appStyles = css`
    :host {
      display: block;
      max-width: 1200px;
      margin: 0 auto;
      padding: 16px;
      color: #eee;
      font: 15px/1.4 system-ui, sans-serif;
      --accent: #ffb347;
      --focus: #7ab7ff;
    }
    h1 { font-size: 1.4rem; margin: 0 0 12px; }
    .layout { display: grid; grid-template-columns: minmax(0, 1fr) 320px; gap: 16px; }
    @media (max-width: 800px) { .layout { grid-template-columns: 1fr; } }
    .views { display: grid; gap: 8px; grid-template-columns: 1fr; }
    .views.side-by-side { grid-template-columns: 1fr 1fr; }
    .views.mirrored canvas, .views.mirrored video { transform: scaleX(-1); }
    .compare-original { position: absolute; inset: 0; pointer-events: none; }
    .compare-line { position: absolute; top: 0; bottom: 0; width: 2px; background: var(--accent); pointer-events: none; }
    .view:fullscreen { border-radius: 0; aspect-ratio: auto; }
    .view { position: relative; background: #111; border-radius: 8px; overflow: hidden; aspect-ratio: 4 / 3; }
    canvas, video { display: block; width: 100%; height: 100%; object-fit: contain; }
    .exit-fullscreen { position: absolute; top: 12px; right: 12px; opacity: 0.75; }
    .exit-fullscreen:hover, .exit-fullscreen:focus-visible { opacity: 1; }
    .placeholder { position: absolute; inset: 0; display: grid; place-items: center; text-align: center; padding: 16px; color: #aaa; }
    .controls { display: flex; flex-direction: column; gap: 12px; }
    /* ?view=output: the stylized video fills the page; the controls float over it when shown. */
    .output-view .views { position: fixed; inset: 0; z-index: 1; display: block; background: #000; }
    .output-view .view.stylized { width: 100%; height: 100%; aspect-ratio: auto; border-radius: 0; }
    .output-view .view:not(.stylized) { display: none; }
    .output-view.controls-hidden > :not(.layout), .output-view.controls-hidden .controls,
    .output-view.controls-hidden section[aria-label='Video'] > :not(.views) { display: none; }
    .output-view:not(.controls-hidden) .controls { position: fixed; top: 0; right: 0; bottom: 0; width: 340px; overflow: auto; z-index: 2;
      background: rgba(24, 24, 28, 0.94); padding: 12px; }
    .row { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
    select { max-width: 100%; min-width: 0; }
    .row select { flex: 1; }
    button, select { font: inherit; padding: 6px 12px; border-radius: 6px; border: 1px solid #666; background: #2a2a2a; color: inherit; }
    button.primary { background: var(--accent); color: #111; border-color: var(--accent); font-weight: 600; }
    button:focus-visible, select:focus-visible, input:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
    button:disabled { opacity: 0.5; }
    label { display: flex; gap: 8px; align-items: center; }
    fieldset.quality, fieldset.cycle, fieldset.stills, fieldset.refine { border: 1px solid #444; border-radius: 8px; padding: 8px 12px; margin: 0; display: grid; gap: 8px; }
    fieldset.quality legend, fieldset.cycle legend, fieldset.stills legend, fieldset.refine legend { padding: 0 4px; }
    .still-preview, .render-preview { max-width: 100%; border-radius: 6px; }
    .loss-curve { width: 100%; height: 60px; color: var(--accent, #ffb347); background: #222; border-radius: 4px; }
    dialog.shortcuts { background: #1d1f24; color: inherit; border: 1px solid #555; border-radius: 8px; max-width: 34rem; }
    dialog.shortcuts th { text-align: left; padding: 2px 12px 2px 0; white-space: nowrap; }
    kbd { font-family: inherit; border: 1px solid #666; border-radius: 4px; padding: 0 4px; }
    input[type='range'] { flex: 1; }
    .status { font-variant-numeric: tabular-nums; color: #ccc; min-height: 1.4em; margin: 8px 0 0; }
    .notice { background: #2d3a4a; border-left: 4px solid var(--focus); padding: 8px 12px; border-radius: 4px; margin: 0 0 8px; }
    .error { background: #4a2020; border-left: 4px solid #ff6b6b; padding: 8px 12px; border-radius: 4px; margin: 0 0 8px; }
    .error p { margin: 0; }
    .error button { margin-top: 8px; }
    progress { width: 100%; }
    .page { position: relative; min-height: 100%; }
    .drop-hint { position: fixed; inset: 12px; border: 3px dashed var(--accent); border-radius: 16px; background: #000a; display: grid; place-items: center; font-size: 1.3rem; pointer-events: none; }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    .hint { margin: 0; color: #aaa; font-size: 0.85rem; }
    .style-message { margin: 0; min-height: 1.4em; }
    .style-message.error { color: #ff9b9b; }
    .spinner { display: inline-block; width: 0.9em; height: 0.9em; margin-right: 6px; border: 2px solid #888; border-top-color: var(--accent); border-radius: 50%; animation: spin 0.8s linear infinite; vertical-align: -2px; }
    @keyframes spin { to { transform: rotate(360deg); } }
    @media (prefers-reduced-motion: reduce) { .spinner { animation: none; } }
`;
