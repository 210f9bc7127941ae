// Act calls the act screens share.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { ApiProblem, call } from '../../api/problem';
import type { ActResponse, APIAction, Payer } from '../../api/types';

export const actKey = (id: string) => ['act', id] as const;

export function useAct(id: string | undefined) {
  return useQuery({
    queryKey: actKey(id ?? ''),
    queryFn: () => call(api.GET('/api/acts/{id}', { params: { path: { id: id as string } } })),
    enabled: !!id,
  });
}

export function useCategories() {
  return useQuery({
    queryKey: ['categories'],
    queryFn: async () => (await call(api.GET('/api/categories'))).items.filter((c) => c.active),
    staleTime: 10 * 60_000,
  });
}

/** Service centres by id, for names; empty when the caller may not list them. */
export function useCentres(enabled: boolean) {
  return useQuery({
    queryKey: ['service-centers'],
    queryFn: async () => {
      try {
        return (await call(api.GET('/api/admin/service-centers'))).items;
      } catch (err) {
        if (err instanceof ApiProblem && (err.status === 403 || err.status === 404)) return [];
        throw err;
      }
    },
    enabled,
    staleTime: 10 * 60_000,
  });
}

export interface ActionInput {
  action: APIAction;
  version: number;
  reason?: string;
  deadlineDays?: number;
  payer?: Payer;
}

export async function takeAction(id: string, input: ActionInput): Promise<ActResponse> {
  return call(api.POST('/api/acts/{id}/actions', { params: { path: { id } }, body: input }));
}
