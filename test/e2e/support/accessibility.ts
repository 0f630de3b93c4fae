import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

interface AxeResults {
  violations: Array<{
    id: string;
    impact: string | null;
    help: string;
    nodes: Array<{ target: unknown[] }>;
  }>;
}

/**
 * What axe-core finds wrong on the page as it stands (every rule: WCAG 2 A and AA, and best
 * practice), one line per rule broken: "[for-you] color-contrast (serious): … at .faint, …".
 */
export async function accessibilityProblems(page: Page, where: string): Promise<string[]> {
  // evaluated by the browser's debugger, which the app's content security policy allows
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const results = await page.evaluate(() =>
    (window as unknown as { axe: { run: (d: Document) => Promise<AxeResults> } }).axe.run(document),
  );
  return results.violations.map(
    (v) =>
      `[${where}] ${v.id} (${v.impact}): ${v.help} at ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(', ')}`,
  );
}
