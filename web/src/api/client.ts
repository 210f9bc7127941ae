// The one way the client talks to the API: openapi-fetch typed by the paths
// generated from shared/openapi/openapi.yaml. The session lives in the
// HttpOnly `session` cookie the API sets, so requests only need to carry
// same-origin cookies; the token in the login answer is never stored.
import createClient from 'openapi-fetch';
import type { paths } from './schema';

export const api = createClient<paths>({
  // Same origin as the page; absolute so it also works where relative URLs cannot (tests).
  baseUrl: window.location.origin,
  credentials: 'same-origin',
  headers: { Accept: 'application/json' },
});
