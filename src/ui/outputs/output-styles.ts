import { css } from 'lit';

/** The output panel's own look (record, snapshot, recordings list). */
export const outputStyles = css`
    fieldset.outputs { border: 1px solid #444; border-radius: 8px; display: flex; flex-direction: column; gap: 8px; }
    .recordings { margin: 0; padding-left: 1.2em; font-size: 0.9rem; }
    .recordings a { color: var(--focus); }
    button.recording { background: #c0392b; border-color: #c0392b; color: #fff; }
    .recording-status { margin: 0; font-variant-numeric: tabular-nums; }
    .dot { display: inline-block; width: 0.7em; height: 0.7em; border-radius: 50%; background: #ff4d4d; margin-right: 6px; }
`;
