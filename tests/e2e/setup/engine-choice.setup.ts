import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { test as setup } from '@playwright/test';
import { waitForFrames } from '../helpers';
import { ENGINE_CHOICE_STATE } from './state-files';

/** What storageState() gives per origin with `indexedDB: true` (Playwright's types leave that part out). */
interface OriginStorage {
  origin: string;
  localStorage: unknown[];
  indexedDB?: { name: string }[];
}

/** The IndexedDB database where the worker keeps its engine decisions (engine-choice-cache.ts). */
const ENGINE_DATABASE = 'live-stylizer-engines';

// A first visit times every engine for the network at the processing size (about 1.5 s of both
// cores) and keeps the winner. Each test has a fresh profile, so without this every test would
// time the engines again. This visit does it once; the tests start from its decision alone (no
// settings, no styles), as a returning visitor's browser would. Tests about the first visit itself
// opt out with `test.use({ storageState: FIRST_VISIT })`.
setup('a first visit times the engines and keeps the decision', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Start camera' }).click();
  await waitForFrames(page, 2);
  const state = await page.context().storageState({ indexedDB: true });
  const origins = (state.origins as OriginStorage[])
    .map((origin) => ({ ...origin, localStorage: [], indexedDB: (origin.indexedDB ?? []).filter((database) => database.name === ENGINE_DATABASE) }))
    .filter((origin) => origin.indexedDB.length > 0);
  if (origins.length === 0) throw new Error(`the first visit kept no engine decision (no "${ENGINE_DATABASE}" database)`);
  mkdirSync(dirname(ENGINE_CHOICE_STATE), { recursive: true });
  writeFileSync(ENGINE_CHOICE_STATE, JSON.stringify({ cookies: [], origins }, null, 1));
});
