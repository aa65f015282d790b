// Starts the app: styles, the device's services (API, sync, service worker) and the routes.
import 'govuk-frontend/dist/govuk/govuk-frontend.min.css';
import './app/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { preloadScreens, AppRoutes } from './app/routes.tsx';
import { registerServiceWorker } from './pwa/update-controller.ts';
import { logger } from './services/logger.ts';
import { ServicesProvider, type Services } from './services/services-context.tsx';
import { loadSealState } from './storage/device-key.ts';
import { requestPersistentStorage } from './storage/device.ts';
import { getSession, recordStoragePersisted } from './storage/meta.ts';
import { createApiClient, createApiRequest } from './sync/api-client.ts';
import { createCycleApi } from './sync/cycle-api.ts';
import { createDataProtectionApi } from './sync/data-protection-api.ts';
import { createFrameworkApi } from './sync/framework-api.ts';
import { createPeopleApi } from './sync/people-api.ts';
import { createSettingsApi } from './sync/settings-api.ts';
import { createSyncEngine } from './sync/sync-engine.ts';

// The one place the app's API clients are made; every feature reads them from ServicesProvider.
const api = createApiClient();
const request = createApiRequest();
const services: Services = {
  api,
  cycles: createCycleApi(request),
  people: createPeopleApi(request),
  frameworks: createFrameworkApi({ request }),
  settings: createSettingsApi(request),
  dataProtection: createDataProtectionApi({ request }),
  sync: createSyncEngine({ api }),
  updates: registerServiceWorker((error) => logger.warn('Service worker', error)),
};

const rootElement = document.getElementById('root');
// Nothing reads or writes the device database before it is known whether a PIN guards it: until
// then a write could land in the clear on a sealed device.
function start(root: HTMLElement): void {
  createRoot(root).render(
    <StrictMode>
      <ServicesProvider services={services}>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </ServicesProvider>
    </StrictMode>,
  );
  services.sync.start();
  const preload = () => {
    preloadScreens().catch((error: unknown) => logger.warn('Could not preload screens', error));
    // Browsers may grant persistent storage later (after more use, or once installed): ask again.
    getSession()
      .then(async (session) => {
        if (!session) return;
        const isPersisted = await requestPersistentStorage();
        if (isPersisted !== null) await recordStoragePersisted(isPersisted);
      })
      .catch((error: unknown) => logger.warn('Could not ask for persistent storage', error));
  };
  if ('requestIdleCallback' in window) window.requestIdleCallback(preload);
  else setTimeout(preload, 200);
}

if (rootElement) {
  loadSealState()
    .catch((error: unknown) => logger.warn('Could not read the device lock', error))
    .finally(() => start(rootElement));
}
