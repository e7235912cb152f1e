import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REPO_ROOT, type TestBackend } from './backend.js';

/** The built portal the backend serves; the portal tests need it (npm run build --workspace app). */
export const APP_INDEX = join(REPO_ROOT, 'packages/app/dist/index.html');

/** Fails at once, before a backend starts, when the portal has not been built. */
export function assertAppBuilt(): void {
  if (!existsSync(APP_INDEX)) {
    throw new Error(`${APP_INDEX} is missing: build the portal first (npm run build --workspace app)`);
  }
}

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A headless Chromium page, its screenshots in `test-results/<shots>/` and the errors it threw. */
export interface PortalBrowser {
  browser: Browser;
  page: Page;
  pageErrors: string[];
  /** Saves `NN-<what>.png` (numbered in order), drawn as the user sees it (transitions finished). */
  screenshot(what: string): Promise<void>;
  /** Runs a walk through the portal; on failure saves failure.png and throws with the page, its errors and the backend's log. */
  walk(backend: TestBackend, steps: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

/** Starts Chromium (/usr/bin/chromium); screenshots go to `test-results/<shots>/`, emptied of earlier ones. */
export async function openPortalBrowser(shots: string): Promise<PortalBrowser> {
  const dir = join(REPO_ROOT, 'test-results', shots);
  mkdirSync(dir, { recursive: true });
  // No stale screenshots from an earlier run; sub-folders are other portal tests' (they may run meanwhile).
  for (const file of readdirSync(dir)) if (file.endsWith('.png')) rmSync(join(dir, file));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(30_000);
  const pageErrors: string[] = [];
  page.on('pageerror', error => pageErrors.push(error.message));
  let shot = 0;
  return {
    browser,
    page,
    pageErrors,
    async screenshot(what) {
      shot += 1;
      const path = join(dir, `${String(shot).padStart(2, '0')}-${what}.png`);
      await page.screenshot({ path, fullPage: true, animations: 'disabled' });
    },
    async walk(backend, steps) {
      try {
        await steps();
      } catch (error) {
        await page.screenshot({ path: join(dir, 'failure.png'), fullPage: true }).catch(() => undefined);
        throw new Error(
          [
            (error as Error).message,
            `page: ${page.url()} (test-results/${shots}/failure.png)`,
            `errors in the page: ${pageErrors.join('\n') || 'none'}`,
            `backend log:\n${backend.logTail(30)}`,
          ].join('\n'),
          { cause: error },
        );
      }
    },
    close: () => browser.close(),
  };
}

/**
 * On the form's last step, right after its last value was entered: waits while the preview renders
 * the values and runs the policy gate there (the form goes on to Review only on its verdict, so a
 * walk through the form must wait for it, up to a task's time) and returns the status it ended in
 * ('passed', 'failed', 'refused' or 'error') with its text.
 */
export async function waitForPreviewVerdict(
  page: Page,
  options: { timeoutMs?: number; whileRunning?: () => Promise<void> } = {},
): Promise<{ state: string; text: string }> {
  const { timeoutMs = 280_000, whileRunning } = options;
  const status = page.getByTestId('golden-path-preview-status');
  // A change shows 'running' at least for the 0.6 s the field waits for the form to stop changing.
  await page.locator('[data-testid="golden-path-preview-status"][data-state="running"]').waitFor();
  await whileRunning?.();
  await page
    .locator('[data-testid="golden-path-preview-status"]:not([data-state="running"])')
    .waitFor({ timeout: timeoutMs });
  return { state: (await status.getAttribute('data-state')) ?? '', text: await status.innerText() };
}

/**
 * Clicks Review on the form's last step and waits for the review page's Create button: the form's
 * validation asks the preview once more (at once on the stored verdict of the same values, but a
 * loaded machine may still take a while), so the wait is a task's.
 */
export async function reviewForm(page: Page, timeoutMs = 280_000): Promise<void> {
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).waitFor({ timeout: timeoutMs });
}
