// Captures the main screens of a running demo server at laptop and phone size in both languages, into docs/screenshots.
// Driven by the Playwright that the browser tests already build (its bundled playwright-core) on Debian's Chromium.
// Usage: node screenshots.mjs <base-url> <administrator-token> <playwright-core-dir> <output-dir>
import { createRequire } from 'node:module';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

const [base, adminToken, playwrightDir, out] = process.argv.slice(2);
const { chromium } = createRequire(import.meta.url)(playwrightDir);
const sizes = { desktop: { width: 1440, height: 900 }, phone: { width: 390, height: 844 } };
const languages = ['zh', 'en'];

async function api(method, url, body) {
  const response = await fetch(new URL(url, base), {
    method, headers: { Authorization: `Bearer ${adminToken}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
  return (response.headers.get('content-type') ?? '').includes('json') ? response.json() : response.text();
}

// A volunteer of the demo's first district with a team: the phone screens are theirs.
const city = (await api('GET', '/api/organisation-tree')).roots[0].id;
const cityView = await api('GET', `/api/organisations/${city}`);
let volunteer = null;
for (const district of cityView.children) {
  const view = await api('GET', `/api/organisations/${district}`);
  if (view.teams.length) { volunteer = (await api('GET', `/api/teams/${view.teams[0]}`)).members[1]; break; }
}
const volunteerToken = (await api('POST', '/api/tokens', { role: 'volunteer', volunteerId: volunteer })).token;
const exercises = await api('GET', `/api/organisations/${city}/exercises`);
const report = exercises.length ? await api('GET', `/api/exercises/${exercises[0].id}/report.html`) : null;

await mkdir(out, { recursive: true });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const shots = [];
for (const [size, viewport] of Object.entries(sizes)) {
  for (const language of languages) {
    const context = await browser.newContext({ viewport, isMobile: size === 'phone', hasTouch: size === 'phone', locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    await context.addInitScript(lang => localStorage.setItem('mobilize.lang', lang), language);
    const page = await context.newPage();
    const shot = async name => {
      const file = `${name}-${size}-${language}.png`;
      await page.screenshot({ path: path.join(out, file) });
      shots.push(file);
    };

    await page.goto(new URL(`/dashboard/#token=${adminToken}`, base).href);
    await page.locator('#connection[data-state=online]').waitFor();
    await page.locator('.incident').first().waitFor({ timeout: 60_000 });
    await page.waitForTimeout(1500);
    await shot('dashboard');

    await page.goto(new URL(`/volunteer/#token=${volunteerToken}`, base).href);
    await page.locator('#connection[data-state=online]').waitFor();
    await page.waitForTimeout(1500);
    await shot('volunteer');

    if (report) {
      await page.setContent(report);
      await shot('report');
    }
    await context.close();
  }
}
await browser.close();
await writeFile(path.join(out, 'README.md'), `# Screenshots\n\nRefreshed by \`bash tools/screenshots/take.sh\` from a \`--demo\` server; do not edit by hand.\n\n`
  + shots.map(f => `![${f}](${f})`).join('\n') + '\n');
console.log(`wrote ${shots.length} screenshots to ${out}`);
