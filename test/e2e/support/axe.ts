import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * axe-core's browser build, read from node_modules. It is evaluated through the DevTools protocol
 * rather than added as a <script> tag, so the page's Content-Security-Policy (which the suite
 * enforces, H13) stays as strict as users get it.
 */
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The impacts that fail the audit (SPEC U13): axe's "serious" and "critical". */
const BLOCKING = new Set(['serious', 'critical']);

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * Runs every axe-core rule (WCAG 2.0/2.1 A and AA and axe's best practices) on the page as it is
 * now and returns the serious and critical violations in words: the rule, what it asks, and each
 * element it found (a CSS path and axe's reason), so a failure says what to fix.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document);
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map((node) => ({ target: node.target, failureSummary: node.failureSummary })),
    }));
  });
  return violations
    .filter((violation) => BLOCKING.has(violation.impact ?? ''))
    .flatMap((violation) =>
      violation.nodes.map((node) => `${violation.id} (${violation.impact}): ${violation.help} at ${node.target.join(' ')} (${node.failureSummary?.replace(/\s+/g, ' ') ?? ''})`),
    );
}

/** Fails with every serious or critical violation on the page, labelled with where the audit was. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  expect(await seriousViolations(page), `axe violations on ${where}`).toEqual([]);
}
