/**
 * Shared fixtures for the embedded-host tests: the spec's refund agent (with `@sensitive` fields
 * and a second version), bundles built by the real pipeline (optionally signed), sample inputs,
 * signing keys, byte-level tampering of a bundle, temporary directories, and an in-process CLI
 * run with captured output.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { SigningOptions } from '../../src/bundle/index.js';
import { buildPactBundle } from '../../src/compile.js';
import { repack } from '../bundle/helpers.js';

/** The refund agent; `limit` is the default refund limit, `version` its version, `extra` more declarations. */
export function agentSource(opts: { readonly limit?: number; readonly version?: string; readonly name?: string; readonly extra?: string } = {}): string {
  return `// the spec's refund agent, with sensitive fields
pact ${opts.name ?? 'refund_agent'} version "${opts.version ?? '1.2.0'}"

enum Category { read, state_mutation, money_movement, external_communication, privileged_retrieval }

input {
  action: {
    tool: string,
    category: Category,
    amount?: number,
    target: string,
    card?: { number: string @sensitive, holder: string },
  },
  trust: {
    score: number @trust(higher) @range(0, 1),
    eval_age: duration @trust(lower),
    open_disputes: int @trust(lower),
  },
  customers?: list<{ id: string, email: string @sensitive }>,
}

data {
  refund_limit: number = ${opts.limit ?? 500},
  privileged_tools: set<string> = ["billing.lookup", "crm.export"],
}

let trusted = trust.score >= 0.8 and trust.eval_age <= 30d and trust.open_disputes == 0
let auto_refund = has action.amount and trusted and action.amount <= data.refund_limit

permit read_only
  when action.category == "read" and trust.score >= 0.3
  because "Reads are low risk"

permit small_refund
  when action.category == "money_movement"
  when auto_refund
  grant "stripe" scope "refunds:write" ttl 5m
  because "Trusted agents may issue small refunds"

escalate large_refund to "finance-lead"
  when action.category == "money_movement" and has action.amount and action.amount <= 10000
  unless auto_refund
  grant "stripe" scope "refunds:write" ttl 5m
  because "Refunds above the automatic limit need a finance lead"

forbid huge_refund
  when action.category == "money_movement" and has action.amount and action.amount > 10000
  because "No agent moves more than 10,000"

forbid blocked_card
  when has action.card and starts_with(action.card.number, "0000")
  because "Blocked card range"

permit privileged_lookup
  when action.category == "privileged_retrieval" and action.tool in data.privileged_tools
  when trust.score >= 0.7
  because "Allow-listed privileged tools for agents scoring 0.7 or more"
${opts.extra ?? ''}`;
}

/** Builds a pact source into bundle bytes through the real pipeline; throws on diagnostics. */
export async function buildSource(text: string, signing?: SigningOptions, path = 'agent.pact'): Promise<Uint8Array> {
  const r = await buildPactBundle(path, text, signing ? { signing } : {});
  if (!r.bundle) throw new Error(`does not build:\n${r.frontEnd.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n')}`);
  return r.bundle.bytes;
}

/** The agent's bundle (default options: version 1.2.0, limit 500). */
export function agentBundle(opts: Parameters<typeof agentSource>[0] = {}, signing?: SigningOptions): Promise<Uint8Array> {
  return buildSource(agentSource(opts), signing);
}

/** A refund of `amount` by a trusted agent (permitted up to the limit, escalated up to 10,000). */
export function refund(amount: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    action: { tool: 'stripe.refund', category: 'money_movement', amount, target: 'cus_1', ...extra },
    trust: { score: 0.9, eval_age: 86400, open_disputes: 0 },
  };
}

/** A read by a trusted agent. */
export function read(target = 'doc_1'): Record<string, unknown> {
  return { action: { tool: 'docs.read', category: 'read', target }, trust: { score: 0.9, eval_age: 86400, open_disputes: 0 } };
}

/** The decision document of a small refund. */
export const SMALL_REFUND = {
  effect: 'permit',
  rules: ['small_refund'],
  reasons: ['Trusted agents may issue small refunds'],
  approvers: [],
  grants: [{ secret: 'stripe', scope: 'refunds:write', ttl_seconds: 300 }],
  pact: { name: 'refund_agent', version: '1.2.0' },
};

/** An RSA key pair (PEM), generated once per test file. */
export const RSA = (() => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
})();

/** A second RSA key pair, for wrong-key and rotation tests. */
export const RSA2 = (() => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
})();

/**
 * Changes one byte of a file inside a bundle (keeping the tar and gzip valid and the signature
 * as it was): the byte at `at` (negative: from the end) is XORed with `mask`.
 */
export async function flipByte(bundle: Uint8Array, file: string, at: number, mask = 0x01): Promise<Uint8Array> {
  const { readBundle } = await import('../../src/bundle/index.js');
  const content = (await readBundle(bundle)).files.get(file);
  if (!content) throw new Error(`no ${file} in the bundle`);
  const copy = new Uint8Array(content);
  const i = at < 0 ? copy.length + at : at;
  copy[i] = (copy[i] as number) ^ mask;
  return repack(bundle, { [file]: copy });
}

/** Replaces the first occurrence of `from` by `to` in a bundle file's text (signature kept). */
export async function editText(bundle: Uint8Array, file: string, from: string, to: string): Promise<Uint8Array> {
  const { readBundle } = await import('../../src/bundle/index.js');
  const content = (await readBundle(bundle)).files.get(file);
  if (!content) throw new Error(`no ${file} in the bundle`);
  const text = Buffer.from(content).toString('utf8');
  if (!text.includes(from)) throw new Error(`${file} has no ${JSON.stringify(from)}`);
  return repack(bundle, { [file]: text.replace(from, to) });
}

/** A fresh temporary directory, removed after the test file. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pactc-host-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

import { runPactc, type CliRun } from '../cli-run.js';

export type { CliRun };

/** Runs `pactc` in-process in `cwd` with captured output. */
export function pactc(cwd: string, ...argv: string[]): Promise<CliRun> {
  return runPactc(argv, cwd);
}

/** Lets other queued callers run. */
export function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
