/**
 * End to end through the real checker: pact source → checked pact → the bundle's schema and
 * sensitive paths as JSON → validation worded like the reference evaluator, and masking in the
 * decision log. (The other host tests build the checked pact by hand.)
 */
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/check/index.js';
import { validate as referenceValidate } from '../../src/eval/validate.js';
import { MemorySink, verifyLog } from '../../src/host/log/index.js';
import * as schema from '../../src/host/schema/index.js';
import { testLogger } from './log-helpers.js';

const SOURCE = `
pact vault_agent version "0.1.0"

enum Kind { read, write }

input {
  action: { kind: Kind, card?: { number: string @sensitive, holder: string } },
  trust: { score: number @trust(higher) @range(0.0, 1), age: duration @trust(lower) @range(0, 30d) },
  customers?: list<{ id: string, email: string @sensitive }>,
}

data { limit: int = 5 }

permit reads when action.kind == "read" and trust.score >= 0.5 because "Reads are fine"
`;

describe('a checked pact', () => {
  const { pact, diagnostics } = checkSource('vault.pact', SOURCE);

  it('checks', () => {
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(pact).toBeDefined();
  });

  it('gives a schema whose messages equal the reference evaluator’s', () => {
    const s = JSON.parse(JSON.stringify(schema.inputJsonSchema(pact!))) as object;
    const check = schema.compileInputValidator(s);
    const inputs: unknown[] = [
      { action: { kind: 'read' }, trust: { score: 0.7, age: 60 } },
      { action: { kind: 'delete', card: { number: 1 } }, trust: { score: 1.5, age: 31 * 86400 }, customers: [{ id: 'c' }] },
      { action: null, trust: { score: '1', age: -1 }, approval: { by: 'x' } },
      'not an object',
    ];
    for (const v of inputs) {
      expect(check(v).errors.map((e) => e.message)).toEqual(referenceValidate(v, { root: 'input', type: pact!.input }));
    }
    expect(check(inputs[1]).errors.map((e) => e.message)).toContain('input.trust.age must be between 0 and 30d');
    expect(check(inputs[1]).errors.map((e) => e.message)).toContain('input.trust.score must be between 0.0 and 1');
  });

  it('masks its sensitive fields in the decision log, from the schema JSON alone', async () => {
    const paths = schema.sensitivePathsFromSchema(JSON.parse(JSON.stringify(schema.inputJsonSchema(pact!))) as object);
    expect(paths).toEqual(schema.sensitivePaths(pact!));
    expect(paths).toEqual(['/input/action/card/number', '/input/customers/*/email']);
    const sink = new MemorySink();
    const r = await testLogger(sink, { pact: 'vault_agent', sensitivePaths: paths }).record({
      input: { action: { kind: 'read', card: { number: '4111-1111', holder: 'Bo' } }, customers: [{ id: 'a', email: 'a@x.io' }] },
      result: { effect: 'permit' },
    });
    expect(r.masked).toEqual(['/input/action/card/number', '/input/customers/0/email']);
    expect(sink.text()).not.toMatch(/4111-1111|a@x\.io/);
    expect(verifyLog(sink.text()).ok).toBe(true);
  });

  it('gives TypeScript declarations with the bounds as written', () => {
    const dts = schema.inputTypeScript(pact!);
    expect(dts).toContain('export type Kind = "read" | "write";');
    expect(dts).toContain('/** A duration in seconds. Trust signal: lower values are safer. Between 0 and 30d inclusive. */');
    expect(dts).toContain('export type RuleId = "reads" | ');
  });
});
