// What every route needs: the settings, the store, the clock (frozen in tests) and the version.
import type { ServerConfig } from '../config.ts';
import type { Store } from '../store/store.ts';

export type AppContext = {
  config: ServerConfig;
  store: Store;
  now: () => Date;
  version: string;
};
