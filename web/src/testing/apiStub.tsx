// What the component tests share: fetch stubbed (each test answers it through
// fetchMock), the page rendered inside a query client and a router, and both
// cleaned up after every test. A test file imports this module first, before
// the code under test: openapi-fetch takes globalThis.fetch when the API
// client module loads, so the stub must already be there.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { afterEach, vi } from 'vitest';

export const fetchMock = vi.fn<(req: Request) => Promise<Response>>();
globalThis.fetch = fetchMock as unknown as typeof fetch;

/** An API answer with a JSON body. */
export const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

afterEach(() => {
  cleanup();
  fetchMock.mockReset();
});

/**
 * Renders `ui` (a page, or Routes) at `path` of a memory router, with a query
 * client that does not retry unless the test passes its own; returns the client.
 */
export function renderWithApi(ui: ReactNode, path = '/', client = new QueryClient({ defaultOptions: { queries: { retry: false } } })): QueryClient {
  render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[path]}>{ui}</MemoryRouter>
    </QueryClientProvider>,
  );
  return client;
}
