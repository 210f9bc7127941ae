// Act calls the act screens share.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { call } from '../../api/problem';
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

/** Service centres with their names and contacts, for staff (managers and admins read them; a centre never asks). */
export function useCentres(enabled: boolean) {
  return useQuery({
    queryKey: ['service-centers'],
    queryFn: async () => (await call(api.GET('/api/service-centers', { params: { query: { limit: 200 } } }))).items,
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
