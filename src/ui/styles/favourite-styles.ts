import type { UserStyleStore } from './user-style-store';

/**
 * The styles a person starred, kept in IndexedDB beside their own styles. Storage that fails keeps
 * the stars for this visit only: a star never fails to toggle.
 */
export class FavouriteStyles {
  private ids: ReadonlySet<string> = new Set();

  constructor(
    private readonly store: UserStyleStore['favourites'],
    private readonly changed: () => void,
  ) {}

  get all(): ReadonlySet<string> {
    return this.ids;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  async load(): Promise<void> {
    try {
      this.ids = new Set(await this.store.load());
      this.changed();
    } catch {
      // Blocked storage: the library already says that saved styles could not be read.
    }
  }

  toggle(id: string): Promise<void> {
    const next = new Set(this.ids);
    if (!next.delete(id)) next.add(id);
    return this.replace(next);
  }

  /** A removed style stops being a favourite. */
  forget(id: string): Promise<void> {
    if (!this.ids.has(id)) return Promise.resolve();
    const next = new Set(this.ids);
    next.delete(id);
    return this.replace(next);
  }

  private async replace(next: ReadonlySet<string>): Promise<void> {
    this.ids = next;
    this.changed();
    await this.store.save([...next]).catch(() => {});
  }
}
