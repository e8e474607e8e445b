// Lighthouse (desktop preset) on the built page, in the system Chromium, offline.
// Fails when accessibility scores below 1 or best practices below 0.95; prints every category's score
// and the audits that did not pass, and writes the full report to $FUNNEL_LAB_TARGET_DIR.
//
// usage: node lighthouse.mjs http://127.0.0.1:PORT/
import fs from 'node:fs';
import path from 'node:path';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import * as chromeLauncher from 'chrome-launcher';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.mjs';

const url = process.argv[2];
if (!url) {
  console.error('usage: node lighthouse.mjs URL');
  process.exit(2);
}
// The least score each gated category may have.
const MIN_SCORE = { accessibility: 1, 'best-practices': 0.95 };

const chrome = await chromeLauncher.launch({
  chromePath: CHROMIUM,
  chromeFlags: CHROMIUM_ARGS,
});
let failed = false;
try {
  const result = await lighthouse(
    url,
    { port: chrome.port, output: 'json', logLevel: 'error' },
    {
      ...desktopConfig,
      settings: {
        ...desktopConfig.settings,
        onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
      },
    },
  );
  const lhr = result.lhr;
  const target = process.env.FUNNEL_LAB_TARGET_DIR;
  if (target) {
    fs.writeFileSync(path.join(target, 'lighthouse.json'), result.report);
  }
  for (const [id, category] of Object.entries(lhr.categories)) {
    const min = MIN_SCORE[id];
    const pass = min === undefined || category.score >= min;
    failed ||= !pass;
    console.log(`${pass ? 'ok  ' : 'FAIL'}  lighthouse ${id}: ${category.score}${min !== undefined ? ` (at least ${min})` : ''}`);
  }
  for (const audit of Object.values(lhr.audits)) {
    if (audit.score !== null && audit.score < 1 && ['binary', 'numeric'].includes(audit.scoreDisplayMode)) {
      console.log(`note  ${audit.id}: ${audit.score} ${audit.title}${audit.displayValue ? ` (${audit.displayValue})` : ''}`);
    }
  }
  const tti = lhr.audits.interactive?.displayValue;
  const bytes = lhr.audits['total-byte-weight']?.displayValue;
  console.log(`note  time to interactive ${tti}; ${bytes}`);
} finally {
  await chrome.kill();
}
if (failed) {
  console.error('lighthouse: a gated category is below its minimum');
  process.exit(1);
}
console.log('lighthouse: accessibility and best practices pass');
