// The one place the web app writes to the console.
/* eslint-disable no-console */
export const logger = {
  warn(message: string, detail?: unknown): void {
    console.warn(`[ehcp-audit] ${message}`, detail ?? '');
  },
  error(message: string, detail?: unknown): void {
    console.error(`[ehcp-audit] ${message}`, detail ?? '');
  },
};
