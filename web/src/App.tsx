import { BrowserRouter, Route, Routes } from 'react-router';
import { Home } from './routes/home/Home';
import { LoginPage } from './routes/login/LoginPage';
import { NotFound } from './routes/NotFound';
import { SessionLayout } from './routes/SessionLayout';

/** Every address the client knows. Role screens nest under SessionLayout as they land. */
export function App() {
  return (
    <BrowserRouter>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route element={<SessionLayout />}>
          <Route index element={<Home />} />
        </Route>
        <Route path="*" element={<NotFound />} />
      </Routes>
    </BrowserRouter>
  );
}
