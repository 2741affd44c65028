/**
 * Shared fixtures for the decision-log tests: a deterministic logger (fixed clock, counting
 * ids), sample events, and line-level editing of a log's text.
 */
import { DecisionLogger, MemorySink, type LogSink, type LoggerOptions } from '../../src/host/log/index.js';

/** The sensitive paths of the sample pact, as the bundle would hold them. */
export const SENSITIVE = ['/input/action/card/number', '/input/customers/*/email', '/input/customers/*/notes/*/text', '/input/secrets'];

/** A clock that starts at 2025-01-01T00:00:00Z and ticks one second per call. */
export function fixedClock(start = Date.UTC(2025, 0, 1)): () => number {
  let t = start - 1000;
  return () => (t += 1000);
}

/** UUID-shaped ids 00000000-0000-4000-8000-000000000000, …001, … */
export function countingIds(): () => string {
  let i = 0;
  return () => `00000000-0000-4000-8000-${(i++).toString(16).padStart(12, '0')}`;
}

/** A deterministic logger over `sink`. */
export function testLogger(sink: LogSink, overrides: Partial<LoggerOptions> = {}): DecisionLogger {
  return new DecisionLogger({
    sink,
    pact: 'refund_agent',
    revision: 'rev-1',
    bundleDigest: 'ab'.repeat(32),
    sensitivePaths: SENSITIVE,
    labels: { id: 'host-1', version: '0.1.0' },
    now: fixedClock(),
    newId: countingIds(),
    ...overrides,
  });
}

/** The i-th sample decision: varied inputs (some with sensitive fields, some non-ASCII), a permit. */
export function sampleEvent(i: number): { input: Record<string, unknown>; result: Record<string, unknown> } {
  return {
    input: {
      action: {
        tool: i % 3 === 0 ? 'stripe.refund' : 'crm.lookup',
        category: 'money_movement',
        amount: i * 10.5,
        target: `cus_${i}`,
        ...(i % 4 === 0 ? { card: { number: `4242-${i}`, holder: 'Zoë Ñandú 🐢' } } : {}),
      },
      trust: { score: 0.9, eval_age: 86400, open_disputes: 0 },
      ...(i % 5 === 0 ? { customers: [{ id: 'c1', email: `c${i}@example.com` }] } : {}),
    },
    result: {
      effect: 'permit',
      rules: ['small_refund'],
      reasons: ['Trusted agents may issue small refunds'],
      approvers: [],
      grants: [{ secret: 'stripe', scope: 'refunds:write', ttl_seconds: 300 }],
      pact: { name: 'refund_agent', version: '1.2.0' },
    },
  };
}

/** Writes `n` sample records and returns the memory sink holding them. */
export async function sampleLog(n: number, overrides: Partial<LoggerOptions> = {}): Promise<MemorySink> {
  const sink = new MemorySink();
  const logger = testLogger(sink, overrides);
  for (let i = 0; i < n; i++) await logger.record(sampleEvent(i));
  return sink;
}

/** The lines of a log's text, without the final empty piece. */
export function linesOf(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Joins lines back into a log's text, each with its newline. */
export function textOf(lines: readonly string[]): string {
  return lines.map((l) => `${l}\n`).join('');
}
