// The price list and the centre's staff as the desk screens read them
// (issue 14, deskops).
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { call } from '../../api/problem';
import type { CentreRole, User } from '../../api/types';

export const priceListKey = ['desk', 'price-list'] as const;
export const staffKey = ['desk', 'staff'] as const;

/** The user's role in their centre: an account without one is its admin. */
export function centreRoleOf(user: User): CentreRole | null {
  if (user.role !== 'service_center') return null;
  return user.centreRole ?? 'centre_admin';
}

/** The centre's price list of works (every centre role reads it). */
export function usePriceList() {
  return useQuery({ queryKey: priceListKey, queryFn: () => call(api.GET('/api/desk/price-list')), staleTime: 60_000 });
}

/** The centre's staff (the first 200 by login: a centre has a handful). */
export function useStaff() {
  return useQuery({ queryKey: staffKey, queryFn: () => call(api.GET('/api/staff', { params: { query: { limit: 200 } } })), staleTime: 60_000 });
}
