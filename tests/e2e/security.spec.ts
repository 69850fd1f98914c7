import { expect, test } from '@playwright/test';
import { contentPhoto } from './bad-files';
import { waitForFrames } from './helpers';

test('a full session runs under the strict CSP and never leaves its own origin', async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const requests: string[] = [];
  const violations: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (/Content.Security.Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  page.on('worker', (worker) => worker.on('console', (message) => {
    if (/Content.Security.Policy|Refused to/i.test(message.text())) violations.push(message.text());
  }));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { cspViolations: string[] }).cspViolations ??= [];
      (window as unknown as { cspViolations: string[] }).cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });

  const response = await page.goto('/');
  expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
  await page.getByRole('button', { name: 'Start camera' }).click();
  await waitForFrames(page, 3);
  // A picture of the person's own goes through every step too: decode, predict, store, show.
  await page.getByLabel('Style image').setInputFiles({ name: 'stata.jpg', mimeType: 'image/jpeg', buffer: contentPhoto('stata.jpg') });
  await expect(page.getByText('Added “stata” to your styles.')).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Surprise me' }).click();
  await waitForFrames(page, 3, 0);

  const outside = requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('blob:') && !url.startsWith('data:'));
  expect(outside).toEqual([]);
  // The network the app picked here (the full one on a GPU, the fast one on a CPU) came from this origin too.
  expect(requests.some((url) => /\/models\/(style-transformer\/model|fast-transformer\/weights)\.json$/.test(url))).toBe(true);
  expect(violations).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { cspViolations?: string[] }).cspViolations ?? [])).toEqual([]);
});
