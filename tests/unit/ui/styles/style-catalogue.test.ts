import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CatalogueError, loadStyleCatalogue, parseStyleCatalogue, startingStyleProblem } from '../../../../src/ui/styles/style-catalogue';
import { sharedModelsDir } from '../../../support/paths';

const shippedCatalogue = () => JSON.parse(readFileSync(resolve(sharedModelsDir(), 'styles', 'styles.json'), 'utf8')) as unknown;

describe('style catalogue', () => {
  it('reads the shipped styles.json with 100-number embeddings', () => {
    const styles = parseStyleCatalogue(shippedCatalogue(), 'models/styles');
    expect(styles.length).toBeGreaterThanOrEqual(7);
    for (const style of styles) {
      expect(style.embedding).toBeInstanceOf(Float32Array);
      expect(style.embedding).toHaveLength(100);
      expect(style.imageUrl).toMatch(/^models\/styles\/.+\.jpg$/);
      expect(style.name.length).toBeGreaterThan(0);
    }
    expect(new Set(styles.map((s) => s.id)).size).toBe(styles.length);
  });

  it('rejects malformed catalogues with a reason', () => {
    expect(() => parseStyleCatalogue({}, '')).toThrow(CatalogueError);
    expect(() => parseStyleCatalogue({ styles: [{ id: 'a', name: 'A', file: 'a.jpg', embedding: [1, 2] }] }, '')).toThrow(/100 numbers/);
    const entry = { id: 'a', name: 'A', file: 'a.jpg', embedding: new Array(100).fill(0) };
    expect(() => parseStyleCatalogue({ styles: [entry, entry] }, '')).toThrow(/twice/);
  });

  it('turns HTTP and JSON failures into readable errors', async () => {
    const notFound = (async () => new Response('missing', { status: 404 })) as typeof fetch;
    await expect(loadStyleCatalogue('models/styles/styles.json', notFound)).rejects.toThrow(/HTTP 404/);
    const garbage = (async () => new Response('{not json')) as typeof fetch;
    await expect(loadStyleCatalogue('models/styles/styles.json', garbage)).rejects.toThrow(/not valid JSON/);
  });

  it('starts with the wanted style when the catalogue has it, and says which ids exist when not', () => {
    const catalogue = parseStyleCatalogue({ styles: ['udnie', 'seaport'].map((id) => ({ id, name: id, file: `${id}.jpg`, embedding: new Array(100).fill(0) })) }, '');
    expect(startingStyleProblem(catalogue, undefined)).toBeNull();
    expect(startingStyleProblem(catalogue, 'seaport')).toBeNull();
    expect(startingStyleProblem(catalogue, 'monet')).toBe('Unknown style "monet" in the address (use udnie, seaport); starting with the first.');
  });
});
