import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** axe-core (the engine behind Lighthouse's accessibility audit) on a page as it is now. */

const axeSource: string = createRequire(import.meta.url)('axe-core').source;

interface Finding {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Serious and critical violations, colour contrast included, readable in a failure message. */
export async function audit(page: Page): Promise<string[]> {
  // Evaluated through the debugging protocol: the app's CSP (script-src 'self') stays as served.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  // Let transitions (a dialog fading in) settle, so contrast is measured on the final colours.
  await page.waitForTimeout(300);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: Finding[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id} (${v.help}) at ${n.target.join(' ')}: ${n.failureSummary ?? ''}`));
}
