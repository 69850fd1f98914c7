import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { describeError } from '../../shared/errors';
import { describeMix, interpolateEmbeddings, mixEmbeddings, randomMixWeights } from '../common/embedding-math';
import { EmbeddingCache } from './embedding-cache';
import type { StyleEntry } from './style-catalogue';
import { StyleImageError, readStyleImage } from './style-image-intake';
import { STYLE_NAME_MAX_LENGTH } from './style-limits';
import type { UserStyleRecord, UserStyleStore } from './user-style-store';
import { UserStyleShelf } from './user-style-shelf';

/** What the worker offers for styles (a slice of the Comlink API, so tests can stand in for it). */
interface StyleTarget {
  setStyle(styleId: string | null, embedding: Float32Array): Promise<void>;
  dropStyle(styleId: string): Promise<void>;
  /** Transfers `bitmap`. */
  predictStyle(bitmap: ImageBitmap): Promise<Float32Array>;
}

type StyleSelection =
  | { kind: 'style'; id: string }
  | { kind: 'mix'; weights: ReadonlyMap<string, number>; label: string };

interface StyleMessage {
  text: string;
  tone: 'info' | 'error';
}

/**
 * The look on screen: every style the person can pick (the built-in ones, and their own on a
 * `UserStyleShelf`), the current pick or mix, and handing it to the worker (again to a restarted
 * one). The shelf's thumbnail URLs are revoked when the host goes away.
 */
export class StyleLibraryController implements ReactiveController {
  builtIns: StyleEntry[] = [];
  selection: StyleSelection | null = null;
  message: StyleMessage | null = null;
  /** A picture is being read or predicted. */
  busy = false;
  private target: StyleTarget | null = null;
  private readonly cache: EmbeddingCache;
  private readonly shelf: UserStyleShelf;
  private additions: Promise<void> = Promise.resolve();
  /** What the worker was last told to show, to tell a restarted worker again. */
  private applied: { id: string | null; embedding: Float32Array } | null = null;
  private targetArrived: (target: StyleTarget) => void = () => {};
  /** The first worker's style API, for pictures added before it was ready. */
  private readonly firstTarget = new Promise<StyleTarget>((resolve) => (this.targetArrived = resolve));

  constructor(
    private readonly host: ReactiveControllerHost,
    store: UserStyleStore,
  ) {
    host.addController(this);
    this.cache = new EmbeddingCache(store.embeddings);
    this.shelf = new UserStyleShelf(store, (text, tone) => this.say(text, tone));
  }

  get userStyles(): StyleEntry[] {
    return this.shelf.entries;
  }

  get all(): StyleEntry[] {
    return [...this.builtIns, ...this.userStyles];
  }

  get selectedId(): string {
    return this.selection?.kind === 'style' ? this.selection.id : '';
  }

  /** The style `step` places after (or before) the selected one in the gallery, wrapping around. */
  neighbourId(step: number): string | undefined {
    const styles = this.all;
    const index = styles.findIndex((style) => style.id === this.selectedId);
    return styles[(index + step + styles.length) % styles.length]?.id;
  }

  /** What a screen reader hears when the style changes (the app puts it in a polite live region). */
  get announcement(): string {
    const style = this.all.find((entry) => entry.id === this.selectedId);
    return style ? `Style: ${style.name}` : this.weights.size > 1 ? 'Style: a mix' : '';
  }

  /** The embedding of the look on screen (a style or a mix), or null before the first style. */
  get lookEmbedding(): Float32Array | null {
    return this.applied?.embedding ?? null;
  }

  /** The picture of the single style on screen (a built-in's file, or the person's thumbnail), or null for a mix. */
  async selectedPicture(): Promise<ImageBitmap | null> {
    const style = this.all.find((entry) => entry.id === this.selectedId);
    return style ? createImageBitmap(await (await fetch(style.imageUrl)).blob()) : null;
  }

  /** The weight of each style in the current look: 1 for a single style. */
  get weights(): ReadonlyMap<string, number> {
    if (!this.selection) return new Map();
    return this.selection.kind === 'mix' ? this.selection.weights : new Map([[this.selection.id, 1]]);
  }

  hostDisconnected(): void {
    this.shelf.dispose();
  }

  /**
   * Shows the built-in and saved styles and picks `preferredId` (the style picked last time, when it
   * still exists) or the first built-in one, before any worker is ready: `reconnect` hands the pick over.
   */
  async show(builtIns: StyleEntry[], preferredId?: string): Promise<void> {
    this.builtIns = builtIns;
    await this.shelf.load();
    this.host.requestUpdate();
    const first = this.all.find((entry) => entry.id === preferredId) ?? builtIns[0];
    if (first) await this.select(first.id);
  }

  /** A ready worker (the first, or a fresh one after a crash): it gets the style on screen, mix or not. */
  async reconnect(target: StyleTarget): Promise<void> {
    this.target = target;
    this.targetArrived(target);
    if (this.applied) await target.setStyle(this.applied.id, this.applied.embedding);
  }

  /** Picks a style; before a worker is ready it is kept and handed over by `reconnect`. */
  async select(id: string): Promise<void> {
    const style = this.all.find((entry) => entry.id === id);
    if (!style) return;
    this.selection = { kind: 'style', id };
    this.host.requestUpdate();
    await this.sendToWorker(style.id, style.embedding);
  }

  /** Applies a weighted mix of styles (weights 0..1, any sum). */
  async mix(weights: ReadonlyMap<string, number>, label?: string): Promise<void> {
    const parts = [...weights].flatMap(([id, weight]) => {
      const style = this.all.find((entry) => entry.id === id);
      return style && weight > 0 ? [{ id, embedding: style.embedding, weight }] : [];
    });
    if (parts.length === 0 || !this.target) {
      this.say('Give at least one style a weight above 0 to mix.', 'error');
      return;
    }
    const kept = new Map(parts.map((part) => [part.id, part.weight]));
    if (parts.length === 1) {
      await this.select(parts[0]!.id);
      return;
    }
    this.selection = { kind: 'mix', weights: kept, label: label ?? describeMix(kept, (id) => this.nameOf(id)) };
    this.host.requestUpdate();
    await this.sendToWorker(null, mixEmbeddings(parts));
  }

  /** A random point in style space: a random convex combination of 2-3 known styles. */
  async surprise(random: () => number = Math.random): Promise<void> {
    const weights = randomMixWeights(this.all.map((style) => style.id), random);
    await this.mix(weights, `Surprise: ${describeMix(weights, (id) => this.nameOf(id))}`);
  }

  /** `t` = 0 is all `fromId`, 1 all `toId`. */
  async blend(fromId: string, toId: string, t: number): Promise<void> {
    const from = this.all.find((entry) => entry.id === fromId);
    const to = this.all.find((entry) => entry.id === toId);
    if (!from || !to || !this.target) return;
    if (fromId === toId) {
      await this.select(fromId);
      return;
    }
    const weights = new Map([[fromId, 1 - t], [toId, t]]);
    this.selection = { kind: 'mix', weights, label: `Blend: ${describeMix(weights, (id) => this.nameOf(id))}` };
    this.host.requestUpdate();
    await this.sendToWorker(null, interpolateEmbeddings(from.embedding, to.embedding, t));
  }

  /** Adds a picture as a style and switches to it. Additions run one after another. */
  addFile(file: Blob): Promise<void> {
    const next = this.additions.then(() => this.add(file));
    this.additions = next.catch(() => {});
    return next;
  }

  /** Saves the current mix (or style) under `name` as a user style. */
  async saveCurrent(name: string): Promise<void> {
    const trimmed = name.trim().slice(0, STYLE_NAME_MAX_LENGTH);
    if (!trimmed) {
      this.say('Type a name for the new style first.', 'error');
      return;
    }
    const weights = this.weights;
    const parts = [...weights].flatMap(([id, weight]) => {
      const style = this.all.find((entry) => entry.id === id);
      return style ? [{ style, weight }] : [];
    });
    if (parts.length === 0) return;
    const record: UserStyleRecord = {
      id: `mix-${crypto.randomUUID()}`,
      name: trimmed,
      thumbnail: await this.shelf.mosaic(parts),
      embedding: mixEmbeddings(parts.map(({ style, weight }) => ({ embedding: style.embedding, weight }))),
      origin: 'mix',
      createdAt: Date.now(),
    };
    await this.keep(record);
    this.say(`Saved “${trimmed}” to your styles.`, 'info');
    await this.select(record.id);
  }

  async remove(id: string): Promise<void> {
    const wasShown = this.selection?.kind === 'style' ? this.selection.id === id : this.selection?.weights.has(id);
    const style = await this.shelf.remove(id);
    if (!style) return;
    this.say(`Removed “${style.name}”.`, 'info');
    if (wasShown && this.builtIns[0]) await this.select(this.builtIns[0].id);
    await this.target?.dropStyle(id);
  }

  private async add(file: Blob): Promise<void> {
    // A picture dropped or pasted while the networks still load waits for them instead of being lost.
    if (!this.target) this.say('The picture becomes a style as soon as the style networks are loaded…', 'info');
    const target = this.target ?? (await this.firstTarget);
    this.busy = true;
    this.say('Reading the picture…', 'info');
    try {
      const image = await readStyleImage(file);
      const id = `picture-${image.hash.slice(0, 16)}`;
      const existing = this.shelf.find(id);
      if (existing) {
        image.bitmap.close();
        this.say(`“${existing.name}” is already in your styles.`, 'info');
        await this.select(id);
        return;
      }
      this.say(`Turning “${image.name}” into a style…`, 'info');
      const { embedding, cached } = await this.cache.getOrCompute(image.hash, () => target.predictStyle(image.bitmap));
      if (cached) image.bitmap.close();
      await this.keep({ id, name: image.name, thumbnail: image.thumbnail, embedding, origin: 'picture', createdAt: Date.now() });
      this.say(`Added “${image.name}” to your styles.`, 'info');
      await this.select(id);
    } catch (error) {
      // The message is the whole outcome: the stream and the existing styles are untouched.
      this.say(error instanceof StyleImageError ? error.message : `That picture could not be turned into a style: ${describeError(error)}`, 'error');
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  }

  private async keep(record: UserStyleRecord): Promise<void> {
    const stored = this.shelf.keep(record);
    // On the shelf before it is stored: it shows now.
    this.host.requestUpdate();
    await stored;
  }

  private async sendToWorker(id: string | null, embedding: Float32Array): Promise<void> {
    this.applied = { id, embedding };
    await this.target?.setStyle(id, embedding);
  }

  private nameOf(id: string): string {
    return this.all.find((entry) => entry.id === id)?.name ?? id;
  }

  private say(text: string, tone: StyleMessage['tone']): void {
    this.message = { text, tone };
    this.host.requestUpdate();
  }
}
