import { createApiClient } from './client';

/** The one client of this window; components call it, then put what comes back in the store. */
export const api = createApiClient();
