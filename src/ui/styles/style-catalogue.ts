import { echo } from '../common/notice-text';
import { EMBEDDING_LENGTH } from '../../shared/protocol';

export interface StyleEntry {
  id: string;
  name: string;
  /** URL of the style picture, for the thumbnail. */
  imageUrl: string;
  embedding: Float32Array;
  /** Built-in styles ship with the app; user styles can be removed. */
  kind: 'builtin' | 'user';
}

export class CatalogueError extends Error {
  override name = 'CatalogueError';
}

/** Validates styles.json (`{ styles: [{ id, name, file, embedding[100] }] }`) into gallery entries. */
export function parseStyleCatalogue(json: unknown, baseUrl: string): StyleEntry[] {
  const list = (json as { styles?: unknown } | null)?.styles;
  if (!Array.isArray(list) || list.length === 0) throw new CatalogueError('styles.json has no "styles" list.');
  const seen = new Set<string>();
  return list.map((raw: unknown, index) => {
    const item = raw as Record<string, unknown>;
    const { id, name, file, embedding } = item ?? {};
    if (typeof id !== 'string' || id === '' || typeof name !== 'string' || typeof file !== 'string') {
      throw new CatalogueError(`Style #${index + 1} in styles.json needs an id, a name and a file.`);
    }
    if (seen.has(id)) throw new CatalogueError(`Style id "${id}" appears twice in styles.json.`);
    seen.add(id);
    if (!Array.isArray(embedding) || embedding.length !== EMBEDDING_LENGTH || !embedding.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      throw new CatalogueError(`Style "${id}" needs an embedding of ${EMBEDDING_LENGTH} numbers.`);
    }
    return { id, name, imageUrl: `${baseUrl.replace(/\/$/, '')}/${encodeURIComponent(file)}`, embedding: Float32Array.from(embedding), kind: 'builtin' };
  });
}

export async function loadStyleCatalogue(stylesUrl: string, fetcher: typeof fetch = fetch): Promise<StyleEntry[]> {
  const response = await fetcher(stylesUrl);
  if (!response.ok) throw new CatalogueError(`The style list ${stylesUrl} could not be loaded (HTTP ${response.status}).`);
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new CatalogueError(`The style list ${stylesUrl} is not valid JSON.`);
  }
  return parseStyleCatalogue(json, stylesUrl.slice(0, stylesUrl.lastIndexOf('/')));
}

/** The id to start with: the wanted one when the catalogue has it; otherwise a sentence saying why not (the first is used). */
export function startingStyleProblem(catalogue: readonly StyleEntry[], wantedId: string | undefined): string | null {
  if (wantedId === undefined || catalogue.some((style) => style.id === wantedId)) return null;
  return `Unknown style "${echo(wantedId)}" in the address (use ${catalogue.map((style) => style.id).join(', ')}); starting with the first.`;
}
