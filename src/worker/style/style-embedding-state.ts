import * as tf from '@tensorflow/tfjs';
import { crossfadeWeight } from './crossfade';

/** a + (b - a) * t, for embeddings. */
function lerpEmbedding(a: tf.Tensor4D, b: tf.Tensor4D, t: number): tf.Tensor4D {
  return tf.tidy(() => a.add(b.sub(a).mul(t)));
}

/**
 * The embedding each frame is stylized with: the chosen style, crossfaded from the previous one
 * while a switch is under way, then pulled toward the content's own embedding by the strength
 * (strength 0 gives the network's unstylized reconstruction of the frame, as in Ghiasi et al.).
 * Everything stays on the backend; a frame adds two tiny element-wise ops at most.
 */
export class StyleEmbeddingState {
  private target: tf.Tensor4D | null = null;
  /** An uncached embedding (a mix) belongs to this state and is disposed when replaced. */
  private targetOwned = false;
  /** The embedding shown when the current switch began; always owned. */
  private from: tf.Tensor4D | null = null;
  private fadeStart = 0;
  private fadeMs = 0;
  private content: tf.Tensor4D | null = null;
  private strengthValue = 1;

  get hasStyle(): boolean {
    return this.target !== null;
  }

  /** Whether frames need the content's own embedding (refreshed now and then, never per frame). */
  get wantsContent(): boolean {
    return this.strengthValue < 1;
  }

  setStrength(strength: number): void {
    this.strengthValue = Math.min(1, Math.max(0, strength));
  }

  setTarget(next: tf.Tensor4D, owned: boolean, now: number, fadeMs: number): void {
    if (next === this.target) return;
    const from = this.target && fadeMs > 0 ? tf.tidy(() => this.styleAt(now).clone()) : null;
    this.from?.dispose();
    if (this.targetOwned) this.target?.dispose();
    this.from = from;
    this.target = next;
    this.targetOwned = owned;
    this.fadeStart = now;
    this.fadeMs = fadeMs;
  }

  /** The cache is dropping `tensor`; if it is on screen, this state takes it over and frees it later. */
  adopt(tensor: tf.Tensor4D): boolean {
    if (tensor !== this.target) return false;
    this.targetOwned = true;
    return true;
  }

  setContent(embedding: tf.Tensor4D): void {
    this.content?.dispose();
    this.content = embedding;
  }

  /** The embedding for a frame at `now`. Call inside the frame's tf.tidy. */
  embeddingAt(now: number): tf.Tensor4D {
    if (!this.target) throw new Error('No style is selected.');
    const style = this.styleAt(now);
    if (this.content && this.strengthValue < 1) return lerpEmbedding(this.content, style, this.strengthValue);
    return style;
  }

  dispose(): void {
    this.from?.dispose();
    this.content?.dispose();
    if (this.targetOwned) this.target?.dispose();
    this.from = this.content = this.target = null;
  }

  private styleAt(now: number): tf.Tensor4D {
    const target = this.target!;
    if (!this.from) return target;
    const weight = crossfadeWeight(now - this.fadeStart, this.fadeMs);
    if (weight >= 1) {
      this.from.dispose();
      this.from = null;
      return target;
    }
    return lerpEmbedding(this.from, target, weight);
  }
}
