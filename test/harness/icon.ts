/**
 * Draws media/icon.png (128x128, the VSIX's icon): an SVG of three cache tiers over a data cylinder,
 * rasterised by the harness's Chromium. Run: npm run compile && node out/test/harness/icon.js
 */
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM } from './cache';

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">
  <defs><linearGradient id="bg" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#2b3a67"/><stop offset="1" stop-color="#1f2a44"/></linearGradient></defs>
  <rect x="4" y="4" width="120" height="120" rx="24" fill="url(#bg)"/>
  <g fill="none" stroke-width="7" stroke-linecap="round">
    <path d="M30 38 h68" stroke="#ffb74d"/>
    <path d="M36 52 h56" stroke="#ffcc80"/>
    <path d="M42 66 h44" stroke="#ffe0b2"/>
  </g>
  <g stroke="#90caf9" stroke-width="4" fill="#1e88e5">
    <path d="M34 84 v20 a30 8 0 0 0 60 0 v-20" />
    <ellipse cx="64" cy="84" rx="30" ry="8" fill="#64b5f6"/>
  </g>
  <path d="M64 70 v10" stroke="#ffe0b2" stroke-width="4" stroke-linecap="round"/>
</svg>`;

async function main(): Promise<void> {
  const out = path.resolve(__dirname, '..', '..', '..', 'media', 'icon.png');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
    await page.setContent(`<html><body style="margin:0;background:transparent">${SVG}</body></html>`);
    await page.screenshot({ path: out, omitBackground: true, clip: { x: 0, y: 0, width: 128, height: 128 } });
    console.log(`wrote ${out}`);
  } finally {
    await browser.close();
  }
}

void main();
