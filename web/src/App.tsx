import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { Loading } from './components/Status';
import { Home } from './routes/home/Home';
import { LoginPage } from './routes/login/LoginPage';
import { NotFound } from './routes/NotFound';
import { SessionLayout } from './routes/SessionLayout';

// Role screens are chunks of their own: the login page never downloads them.
const ActFormPage = lazy(() => import('./routes/acts/ActForm'));
const ActPage = lazy(() => import('./routes/acts/ActPage'));
const AllActs = lazy(() => import('./routes/acts/AllActs'));
const ImportsHome = lazy(() => import('./routes/imports/ImportsHome'));
const ProtocolPage = lazy(() => import('./routes/imports/ProtocolPage'));
const OutletsPage = lazy(() => import('./routes/imports/Directory').then((m) => ({ default: m.OutletsPage })));
const RoutesPage = lazy(() => import('./routes/imports/Directory').then((m) => ({ default: m.RoutesPage })));
const ExportPage = lazy(() => import('./routes/imports/ExportPage'));

const Shipments = lazy(() => import('./routes/shipments/Shipments'));
const ShipmentPage = lazy(() => import('./routes/shipments/ShipmentPage'));
const PasswordPage = lazy(() => import('./routes/account/PasswordPage'));
const AccountPage = lazy(() => import('./routes/account/AccountPage'));
const PoliciesPage = lazy(() => import('./routes/policies/PoliciesPage'));
const FrontDesk = lazy(() => import('./routes/desk/FrontDesk'));
const RepairPage = lazy(() => import('./routes/desk/RepairPage'));
const CustomerPage = lazy(() => import('./routes/desk/Cards').then((m) => ({ default: m.CustomerPage })));
const DevicePage = lazy(() => import('./routes/desk/Cards').then((m) => ({ default: m.DevicePage })));
const MessageTemplatesPage = lazy(() => import('./routes/desk/MessageTemplatesPage'));
const PublicStatusPage = lazy(() => import('./routes/status/PublicStatusPage'));
const RecoveryPage = lazy(() => import('./routes/ledger/RecoveryPage'));
const StatementPage = lazy(() => import('./routes/ledger/StatementPage'));
const AgendaPage = lazy(() => import('./routes/desk/agenda/AgendaPage'));
const VisitPage = lazy(() => import('./routes/desk/agenda/VisitPage'));
const MyRepairs = lazy(() => import('./routes/desk/MyRepairs'));
const PriceListPage = lazy(() => import('./routes/desk/PriceListPage'));
const StaffPage = lazy(() => import('./routes/desk/StaffPage'));

const later = (node: ReactNode) => <Suspense fallback={<Loading />}>{node}</Suspense>;

/** Every address the client knows. */
export function App() {
  return (
    <BrowserRouter>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        {/* The customer's status link: no session, outside the signed-in layout. */}
        <Route path="/s/:token" element={later(<PublicStatusPage />)} />
        <Route element={<SessionLayout />}>
          <Route index element={<Home />} />
          <Route path="acts" element={later(<AllActs />)} />
          <Route path="acts/new" element={later(<ActFormPage />)} />
          <Route path="acts/:id" element={later(<ActPage />)} />
          <Route path="acts/:id/edit" element={later(<ActFormPage />)} />
          <Route path="imports" element={later(<ImportsHome />)} />
          <Route path="imports/:id" element={later(<ProtocolPage />)} />
          <Route path="outlets" element={later(<OutletsPage />)} />
          <Route path="routes" element={later(<RoutesPage />)} />
          <Route path="exports/:id" element={later(<ExportPage />)} />
          <Route path="shipments" element={later(<Shipments />)} />
          <Route path="shipments/:id" element={later(<ShipmentPage />)} />
          <Route path="me" element={later(<AccountPage />)} />
          <Route path="me/password" element={later(<PasswordPage />)} />
          <Route path="policies" element={later(<PoliciesPage />)} />
          <Route path="desk" element={later(<FrontDesk />)} />
          <Route path="desk/repairs/:id" element={later(<RepairPage />)} />
          <Route path="desk/customers/:id" element={later(<CustomerPage />)} />
          <Route path="desk/devices/:id" element={later(<DevicePage />)} />
          <Route path="desk/messages" element={later(<MessageTemplatesPage />)} />
          <Route path="ledger" element={later(<RecoveryPage />)} />
          <Route path="statement" element={later(<StatementPage />)} />
          <Route path="agenda" element={later(<AgendaPage />)} />
          <Route path="agenda/new" element={later(<VisitPage />)} />
          <Route path="agenda/visits/:id" element={later(<VisitPage />)} />
          <Route path="desk/mine" element={later(<MyRepairs />)} />
          <Route path="desk/price-list" element={later(<PriceListPage />)} />
          <Route path="desk/staff" element={later(<StaffPage />)} />
        </Route>
        <Route path="*" element={<NotFound />} />
      </Routes>
    </BrowserRouter>
  );
}
