import { resolve } from 'node:path';

/** The browser storage every browser test starts from: the engine decision of one first visit (engine-choice.setup.ts). */
export const ENGINE_CHOICE_STATE = resolve(import.meta.dirname, '../../../test-results-state/engine-choice.json');

/** For tests about a first visit: nothing kept from before. */
export const FIRST_VISIT = { cookies: [], origins: [] };
