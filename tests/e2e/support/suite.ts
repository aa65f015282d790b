// The scaffolding every browser suite shares: before the suite, build the app, start the real server
// and make a fresh browser profile for each device; after it, close the browsers it opened, stop the
// server and remove the profiles. It also keeps what axe found on each screen, for one check at the end.
import { afterAll, beforeAll, expect } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { axeViolations, firstPage, newProfileDir, openBrowser } from './browser.ts';
import { buildApp } from './build.ts';
import { startServer, type RunningServer } from './server.ts';

type ServerOptions = NonNullable<Parameters<typeof startServer>[1]>;

export type AppSuiteOptions = {
  /** Where to build the app, for a suite that keeps its own build; the shared one otherwise. */
  outDir?: string;
  /** How to start the server; a function when the options are only known before the suite (a free port, say). */
  server?: ServerOptions | (() => Promise<ServerOptions>);
  /** How many devices (browser profiles) the suite uses: one unless it says. */
  devices?: number;
  /** Opens a browser on the first device before the tests, for suites whose tests share it (browserOf). */
  isBrowserOpenedFirst?: boolean;
};

export type AppSuite = {
  /** The server started for the suite. */
  readonly server: RunningServer;
  /** Opens a browser on a device's profile; the suite closes it at the end if the test has not. */
  openBrowser: (options?: { device?: number; isUnlockedByHand?: boolean }) => Promise<BrowserContext>;
  /** Opens a browser on a device's profile and gives its first page. */
  openDevice: (device?: number) => Promise<Page>;
  /** The browser last opened on a device, for a later test that carries on with it. */
  browserOf: (device?: number) => BrowserContext;
  /** The first page of the browser last opened on a device. */
  pageOf: (device?: number) => Page;
  /** What axe found on each screen checked so far, by the screen's name. */
  readonly axeFindings: Record<string, unknown[]>;
  /** Runs axe on the page as it is and keeps what it found under the screen's name. */
  checkAxe: (page: Page, screen: string) => Promise<void>;
  /** Fails, naming the screens and what was found, unless axe found nothing on every screen checked. */
  expectNoAxeFindings: () => void;
};

/** Registers the suite's beforeAll and afterAll; call it once at the top of a browser test file. */
export function useAppSuite(options: AppSuiteOptions = {}): AppSuite {
  let server: RunningServer | undefined;
  const profiles: ReturnType<typeof newProfileDir>[] = [];
  const contexts: BrowserContext[] = [];
  const latest = new Map<number, BrowserContext>();
  const axeFindings: Record<string, unknown[]> = {};

  beforeAll(async () => {
    const serverOptions = typeof options.server === 'function' ? await options.server() : options.server;
    server = await startServer(buildApp(options.outDir), serverOptions);
    for (let device = 0; device < (options.devices ?? 1); device += 1) profiles.push(newProfileDir());
    if (options.isBrowserOpenedFirst) await suite.openBrowser();
  });

  afterAll(async () => {
    // Closing a browser the test already closed does nothing.
    for (const context of contexts) await context.close();
    await server?.stop();
    for (const profile of profiles) profile.remove();
  });

  const profilePath = (device = 0): string => {
    const profile = profiles[device];
    if (!profile) throw new Error(`The suite has no device ${device}: pass devices to useAppSuite`);
    return profile.path;
  };

  const suite: AppSuite = {
    get server(): RunningServer {
      if (!server) throw new Error('The server starts in beforeAll: use it from a test or a later hook');
      return server;
    },
    async openBrowser({ device = 0, isUnlockedByHand } = {}) {
      const context = await openBrowser(profilePath(device), suite.server.url, { isUnlockedByHand });
      contexts.push(context);
      latest.set(device, context);
      return context;
    },
    async openDevice(device = 0) {
      return firstPage(await suite.openBrowser({ device }));
    },
    browserOf(device = 0) {
      const context = latest.get(device);
      if (!context) throw new Error(`No browser has been opened on device ${device}`);
      return context;
    },
    pageOf(device = 0) {
      const page = suite.browserOf(device).pages()[0];
      if (!page) throw new Error(`The browser on device ${device} has no page`);
      return page;
    },
    axeFindings,
    async checkAxe(page, screen) {
      axeFindings[screen] = await axeViolations(page);
    },
    expectNoAxeFindings() {
      expect(axeFindings).toEqual(Object.fromEntries(Object.keys(axeFindings).map((screen) => [screen, []])));
    },
  };
  return suite;
}
