import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const depcruise = path.join(root, 'node_modules', '.bin', 'depcruise');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
  cycle?: { name: string }[];
}

/** Runs dependency-cruiser with the house rules (.dependency-cruiser.cjs) over src/ and migrations/. */
async function cruise(): Promise<{ violations: Violation[]; modules: number }> {
  const { stdout } = await promisify(execFile)(depcruise, ['src', 'migrations', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  const result = JSON.parse(stdout) as { summary: { violations: Violation[]; totalCruised: number } };
  return { violations: result.summary.violations, modules: result.summary.totalCruised };
}

const describeViolation = (v: Violation) =>
  `${v.rule.name}: ${v.from} -> ${v.to}${v.cycle ? ` (cycle: ${v.cycle.map((c) => c.name).join(' -> ')})` : ''}`;

describe('architecture', () => {
  it('imports point down the layers, with no cycle (.dependency-cruiser.cjs)', async () => {
    const { violations, modules } = await cruise();
    expect(modules).toBeGreaterThan(100);
    // Printed in full, so a failing run says which import breaks which rule.
    expect(violations.map(describeViolation)).toEqual([]);
  }, 120_000);
});
