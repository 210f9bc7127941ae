// Named aliases of the generated API types. Screens import from here, never
// from schema.d.ts directly and never hand-written copies of a response.
import type { components } from './schema';

export type Schemas = components['schemas'];
export type User = Schemas['User'];
export type Role = User['role'];
export type Me = Schemas['Me'];
export type LoginResponse = Schemas['LoginResponse'];
export type MailMode = Schemas['MailMode'];
export type ApiErrorBody = Schemas['Error'];
export type FieldError = Schemas['FieldError'];
export type Tenant = Schemas['Tenant'];
export type AdminUser = Schemas['AdminUser'];
export type ActFields = Schemas['ActFields'];
export type ActPatch = Schemas['ActPatch'];
export type Act = Schemas['Act'];
export type ActResponse = Schemas['ActResponse'];
export type ActSaveResponse = Schemas['ActSaveResponse'];
export type ActDetail = Schemas['ActDetail'];
export type ActListItem = Schemas['ActListItem'];
export type ActStatus = Schemas['ActStatus'];
export type APIAction = Schemas['APIAction'];
export type ActEvent = Schemas['ActEvent'];
export type Comment = Schemas['Comment'];
export type ActFile = Schemas['ActFile'];
export type FileLink = Schemas['FileLink'];
export type FileKind = Schemas['FileKind'];
export type FileContentType = Schemas['FileContentType'];
export type UploadForm = Schemas['UploadForm'];
export type Part = Schemas['Part'];
export type Payer = Schemas['Payer'];
export type Category = Schemas['Category'];
export type ImportProcedure = Schemas['ImportProcedure'];
export type LoadProtocol = Schemas['LoadProtocol'];
export type LoadStatus = Schemas['LoadStatus'];
export type Outlet = Schemas['Outlet'];
export type OutletColumn = Schemas['OutletColumn'];
export type OutletSort = Schemas['OutletSort'];
export type DirectoryView = Schemas['View'];
export type Route = Schemas['Route'];
export type Order = Schemas['Order'];
export type OrderLine = Schemas['OrderLine'];
export type Shipment = Schemas['Shipment'];
export type ShipmentItem = Schemas['ShipmentItem'];
export type PolicyBook = Schemas['PolicyBook'];
export type CategoryPolicy = Schemas['CategoryPolicy'];
export type ArticleOverride = Schemas['ArticleOverride'];

// The front desk (issue 14).
export type Customer = Schemas['Customer'];
export type Device = Schemas['Device'];
export type Repair = Schemas['Repair'];
export type RepairStatus = Schemas['RepairStatus'];
export type DeskSettings = Schemas['DeskSettings'];
export type NewRepair = Schemas['NewRepair'];

// Messages to customers and the status link (issue 14).
export type MessageTemplates = Schemas['MessageTemplates'];
export type MessageTemplatesView = Schemas['MessageTemplatesView'];
export type CustomerMessage = Schemas['CustomerMessage'];
export type PublicOrderStatus = Schemas['PublicOrderStatus'];

// The ledger (issue 16).
export type LedgerEntry = Schemas['LedgerEntry'];
export type RecoveryState = Schemas['RecoveryState'];
export type PayerStatement = Schemas['PayerStatement'];
export type CentreStatement = Schemas['CentreStatement'];

// The field-visit agenda (issue 15).
export type Visit = Schemas['Visit'];
export type VisitInput = Schemas['VisitInput'];
export type VisitKind = Schemas['VisitKind'];
export type VisitStatus = Schemas['VisitStatus'];
export type Technician = Schemas['TechnicianList']['items'][number];
export type CalendarFeed = Schemas['CalendarFeed'];
// The price list, the order's act, the centre's staff (issue 14, deskops).
export type PriceList = Schemas['PriceList'];
export type PriceWork = Schemas['PriceWork'];
export type RepairAct = Schemas['RepairAct'];
export type CentreRole = Schemas['CentreRole'];
