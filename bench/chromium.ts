/** The Chromium the benches drive: Debian's, never one Playwright downloads. */
export const CHROMIUM = process.env.KUBEGLASS_CHROMIUM ?? '/usr/bin/chromium';
/** The flags playwright.config.ts launches Chromium with. */
export const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
