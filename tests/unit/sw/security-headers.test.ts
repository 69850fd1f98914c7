import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { integrityOf } from '../../../src/sw/integrity';
import { CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY, PAGE_HEADERS, PERMISSIONS_POLICY } from '../../../src/sw/security-headers';

const deployDoc = readFileSync(resolve(import.meta.dirname, '../../../docs/deploy.md'), 'utf8');

describe('security headers', () => {
  it('docs/deploy.md shows the exact headers the app is served with, in every snippet', () => {
    for (const [name, value] of Object.entries(PAGE_HEADERS)) expect(deployDoc).toContain(`${name}: ${value}`);
    // nginx, _headers and Caddy each repeat the two long ones.
    expect(deployDoc.split(CONTENT_SECURITY_POLICY).length - 1).toBeGreaterThanOrEqual(4);
    expect(deployDoc.split(PERMISSIONS_POLICY).length - 1).toBeGreaterThanOrEqual(4);
  });

  it('the meta policy is the header policy without frame-ancestors, which a meta cannot carry', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(META_CONTENT_SECURITY_POLICY).not.toContain('frame-ancestors');
    expect(CONTENT_SECURITY_POLICY.startsWith(META_CONTENT_SECURITY_POLICY)).toBe(true);
    expect(CONTENT_SECURITY_POLICY).not.toContain('data:');
  });
});

describe('integrity', () => {
  it('writes the same SHA-256 Subresource Integrity value as Node', async () => {
    const bytes = new TextEncoder().encode('the fast network, weights.bin');
    expect(await integrityOf(bytes)).toBe(`sha256-${createHash('sha256').update(bytes).digest('base64')}`);
  });
});
