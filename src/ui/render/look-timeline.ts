import type { RenderLook } from '../../shared/render-protocol';

/** Changes kept: hours of switching every few seconds; older ones fall off. */
const MAX_CHANGES = 2000;

/**
 * The looks sent to the live stylizer and when (page time), so a recording of the source can be
 * rendered with the style that was on screen at each moment: a switch at 00:03.2 of the
 * recording switches at 00:03.2 of the render, with its crossfade.
 */
export class LookTimeline {
  private readonly changes: { at: number; embedding: Float32Array }[] = [];

  record(embedding: Float32Array, at = performance.now()): void {
    this.changes.push({ at, embedding });
    if (this.changes.length > MAX_CHANGES) this.changes.shift();
  }

  /** The looks of a recording from `start` to `end` (page time), in its own seconds: the one on at the start first, at 0. */
  between(start: number, end: number): RenderLook[] {
    let first = -1;
    for (let i = 0; i < this.changes.length && this.changes[i]!.at <= start; i++) first = i;
    const looks: RenderLook[] = first >= 0 ? [{ atS: 0, embedding: this.changes[first]!.embedding }] : [];
    for (const change of this.changes.slice(first + 1)) {
      if (change.at >= end) break;
      looks.push({ atS: (change.at - start) / 1000, embedding: change.embedding });
    }
    // A style picked only after the recording began still paints it from the start.
    if (looks.length > 0) looks[0] = { ...looks[0]!, atS: 0 };
    return looks;
  }
}
