/// <reference types="vite/client" />

type ImportMetaEnv = {
  /** Set at build time (VITE_BUILD_ID=...) to tell deployed versions apart in the footer. */
  readonly VITE_BUILD_ID?: string;
};
