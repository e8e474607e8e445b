// The system Chromium and its headless flags, shared by the end-to-end test and Lighthouse.
// TOOLCHAIN.md's flags; the background-networking, component-update and sync ones keep
// Chromium's own traffic from going out, so that every request seen is the page's.
export const CHROMIUM = process.env.CHROMIUM || process.env.CHROME_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
