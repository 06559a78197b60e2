import { Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { AuthGate } from './auth/AuthGate';
import { I18nProvider } from './i18n/i18n';
import { AppLayout } from './layout/AppLayout';
import { LiveProvider } from './live/LiveProvider';
import { PAGE_ROUTES } from './routes';

export function App() {
  return (
    <I18nProvider>
      <AuthGate>
        <LiveProvider>
          <BrowserRouter>
            <Routes>
              <Route element={<AppLayout />}>
                {PAGE_ROUTES.map(({ id, path, component: Page }) => (
                  <Route
                    key={id}
                    path={path}
                    element={
                      <Suspense fallback={<div className="page-loading" role="progressbar" />}>
                        <Page />
                      </Suspense>
                    }
                  />
                ))}
              </Route>
            </Routes>
          </BrowserRouter>
        </LiveProvider>
      </AuthGate>
    </I18nProvider>
  );
}
