// Named aliases of the generated API types. Screens import from here, never
// from schema.d.ts directly and never hand-written copies of a response.
import type { components } from './schema';

export type Schemas = components['schemas'];
export type User = Schemas['User'];
export type Role = User['role'];
export type ApiErrorBody = Schemas['Error'];
export type FieldError = Schemas['FieldError'];
