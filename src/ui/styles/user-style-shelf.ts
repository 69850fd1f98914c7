import type { StyleEntry } from './style-catalogue';
import { THUMBNAIL_SIZE, thumbnailBlob } from './style-limits';
import type { UserStyleRecord, UserStyleStore } from './user-style-store';

export type ShelfNotice = (text: string, tone: 'info' | 'error') => void;

/**
 * The person's own styles: kept in the browser's storage (IndexedDB), shown through object URLs of
 * their thumbnails, which it revokes on removal and on `dispose`. When the browser refuses to store
 * (blocked or full), styles still work until the page is reloaded, and it says so once.
 */
export class UserStyleShelf {
  entries: StyleEntry[] = [];
  private persistent = true;
  private readonly thumbnails = new Map<string, Blob>();
  private readonly objectUrls = new Set<string>();

  constructor(
    private readonly store: UserStyleStore,
    private readonly notify: ShelfNotice,
  ) {}

  /** Reads the saved styles; on a storage failure the shelf starts empty and lasts until reload. */
  async load(): Promise<void> {
    try {
      this.entries = (await this.store.list()).map((record) => this.toEntry(record));
    } catch {
      this.persistent = false;
      this.notify('Your saved styles could not be read in this browser (storage is blocked or full). New styles last until you reload.', 'error');
    }
  }

  find(id: string): StyleEntry | undefined {
    return this.entries.find((entry) => entry.id === id);
  }

  /** Shows the style at once, then stores it (when the browser lets it). */
  async keep(record: UserStyleRecord): Promise<void> {
    this.entries = [...this.entries, this.toEntry(record)];
    if (!this.persistent) return;
    await this.store.save(record).catch(() => {
      this.persistent = false;
      this.notify('This browser would not store the style (storage is blocked or full); it lasts until you reload.', 'error');
    });
  }

  /** Takes the style off the shelf and out of storage; returns what was removed. */
  async remove(id: string): Promise<StyleEntry | undefined> {
    const style = this.find(id);
    if (!style) return undefined;
    this.entries = this.entries.filter((entry) => entry.id !== id);
    this.thumbnails.delete(id);
    if (this.objectUrls.delete(style.imageUrl)) URL.revokeObjectURL(style.imageUrl);
    await this.store.remove(id).catch(() => {});
    return style;
  }

  /** A thumbnail for a mix: a stripe of each style's picture, as wide as its weight. */
  async mosaic(parts: { style: StyleEntry; weight: number }[]): Promise<Blob> {
    const canvas = new OffscreenCanvas(THUMBNAIL_SIZE, THUMBNAIL_SIZE);
    const context = canvas.getContext('2d')!;
    const total = parts.reduce((sum, part) => sum + part.weight, 0);
    let x = 0;
    for (const { style, weight } of parts) {
      const width = Math.round((weight / total) * THUMBNAIL_SIZE);
      try {
        const blob = this.thumbnails.get(style.id) ?? (await (await fetch(style.imageUrl)).blob());
        const bitmap = await createImageBitmap(blob);
        context.drawImage(bitmap, x, 0, width, THUMBNAIL_SIZE);
        bitmap.close();
      } catch {
        context.fillStyle = '#444';
        context.fillRect(x, 0, width, THUMBNAIL_SIZE);
      }
      x += width;
    }
    return thumbnailBlob(canvas);
  }

  /** Revokes every thumbnail URL (the page is going away). */
  dispose(): void {
    for (const url of this.objectUrls) URL.revokeObjectURL(url);
    this.objectUrls.clear();
  }

  private toEntry(record: UserStyleRecord): StyleEntry {
    const imageUrl = URL.createObjectURL(record.thumbnail);
    this.objectUrls.add(imageUrl);
    this.thumbnails.set(record.id, record.thumbnail);
    return { id: record.id, name: record.name, imageUrl, embedding: record.embedding, kind: 'user' };
  }
}
