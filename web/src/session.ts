// Who is signed in. The API keeps the session in an HttpOnly cookie; the
// client only asks `GET /api/me` and caches the answer under ['me'] —
// `null` means nobody is signed in.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './api/client';
import { ApiProblem, call } from './api/problem';
import type { LoginResponse, Me, User } from './api/types';

export const meKey = ['me'] as const;

/**
 * The signed-in user, and whether an admin's reset obliges them to choose a
 * password before anything else (the API then refuses every other route with
 * 403 password_change_required).
 */
export type SignedIn = User & { passwordChangeRequired: boolean };

export function signedIn(answer: Me | LoginResponse): SignedIn {
  return { ...answer.user, passwordChangeRequired: answer.passwordChangeRequired };
}

export async function fetchMe(): Promise<SignedIn | null> {
  try {
    return signedIn(await call(api.GET('/api/me')));
  } catch (err) {
    // 401/403: no session. 404: the API has no session route (yet), so nobody can be signed in.
    if (err instanceof ApiProblem && (err.isSignedOut || err.status === 404)) return null;
    throw err;
  }
}

export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: 5 * 60_000, retry: false });
}

export interface Credentials {
  login: string;
  password: string;
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation<SignedIn, ApiProblem, Credentials>({
    mutationFn: async (body) => signedIn(await call(api.POST('/api/auth/login', { body }))),
    onSuccess: (user) => {
      queryClient.clear();
      queryClient.setQueryData(meKey, user);
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation<void, ApiProblem, void>({
    mutationFn: async () => {
      try {
        await call(api.POST('/api/auth/logout'));
      } catch (err) {
        // Already signed out is what we wanted.
        if (!(err instanceof ApiProblem && err.isSignedOut)) throw err;
      }
    },
    onSuccess: () => {
      queryClient.clear();
      queryClient.setQueryData(meKey, null);
    },
  });
}
