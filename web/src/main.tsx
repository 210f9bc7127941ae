import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App } from './App';
import { ApiProblem } from './api/problem';
import { meKey } from './session';
import './styles.css';

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({
    // A query refused for want of a session means the session ended: forget
    // the user, and SessionLayout sends them to the login page.
    onError: (err, query) => {
      if (err instanceof ApiProblem && err.isSignedOut && query.queryKey[0] !== meKey[0]) {
        queryClient.setQueryData(meKey, null);
      }
      // An admin reset the password while this tab was open: ask again who is
      // signed in, and SessionLayout takes the user to the change screen.
      if (err instanceof ApiProblem && err.code === 'password_change_required') void queryClient.invalidateQueries({ queryKey: meKey });
    },
  }),
  defaultOptions: {
    queries: { retry: (count, err) => !(err instanceof ApiProblem && err.status > 0 && err.status < 500) && count < 2 },
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
