/**
 * Soak test of the embedded host: a million decisions, memory before and after.
 *
 *   npm run soak                       # 1,000,000 decisions without a log, then with one
 *   npm run soak -- --decisions 200000 --no-log-phase
 *
 * Builds `examples/refunds.pact` with the real pipeline, loads the bundle with `loadBundle`, and
 * decides a rotating set of inputs (permits, escalations, approvals, forbids, invalid inputs,
 * with and without `@sensitive`-free fields) — checking every decision against the one the
 * same input got first, so a soak that drifts fails loudly. Two phases:
 *
 * 1. **no log** — the decision path alone: `decide` through `@open-policy-agent/opa-wasm`;
 * 2. **log** — the same through the decision log into a sink that discards each line after the
 *    logger has masked, normalised, canonicalised and hashed it (everything but the I/O), with
 *    `flush()` every 1,000 decisions so the queue stays bounded, as a host at an action boundary
 *    that awaits its records would.
 *
 * For each phase it prints the decisions per second and the heap and RSS before and after (after
 * a full GC when run with `--expose-gc`, which `npm run soak` passes), and the Wasm memory size,
 * which must not grow: the SDK resets its heap before each evaluation. Not part of `npm test`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildPactBundle } from '../src/compile.js';
import { callbackSink, loadBundle, type Decision, type Pact } from '../src/index.js';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const DECISIONS = Number(option('--decisions') ?? 1_000_000);
const LOG_PHASE = !args.includes('--no-log-phase');
const FLUSH_EVERY = 1_000;

const trusted = { score: 0.9, eval_age: 86_400, open_disputes: 0 };
const INPUTS: readonly unknown[] = [
  { action: { tool: 'stripe.refund', category: 'money_movement', amount: 200, target: 'cus_1' }, trust: trusted },
  { action: { tool: 'stripe.refund', category: 'money_movement', amount: 700, target: 'cus_2' }, trust: trusted },
  { action: { tool: 'stripe.refund', category: 'money_movement', amount: 700, target: 'cus_2' }, trust: trusted, approval: { by: 'lou', role: 'finance-lead' } },
  { action: { tool: 'stripe.refund', category: 'money_movement', amount: 20_000, target: 'cus_3' }, trust: trusted },
  { action: { tool: 'docs.read', category: 'read', target: 'doc_1' }, trust: { score: 0.4, eval_age: 10, open_disputes: 2 } },
  { action: { tool: 'crm.export', category: 'privileged_retrieval', target: 'all' }, trust: trusted },
  { action: { tool: 'mail.send', category: 'external_communication', target: 'x@example.com' }, trust: trusted },
  { action: { tool: 7, category: 'teleport' }, trust: { score: 3 } },
  undefined,
];

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** A signed change in MiB: `+0.2 MiB`, `-1.5 MiB`, `±0.0 MiB`. */
function delta(bytes: number): string {
  const text = (Math.abs(bytes) / 1024 / 1024).toFixed(1);
  return `${text === '0.0' ? '±' : bytes > 0 ? '+' : '-'}${text} MiB`;
}

function memory(): { heap: number; rss: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, rss: m.rss };
}

function wasmBytes(pact: Pact): number {
  return (pact as unknown as { instance: { policy: { mem: WebAssembly.Memory } } }).instance.policy.mem.buffer.byteLength;
}

async function phase(name: string, pact: Pact, expected: readonly string[], flush: boolean): Promise<void> {
  // Warm up (JIT, Wasm tiers, the SDK's buffers) before measuring.
  for (let i = 0; i < 10_000; i++) pact.decide(INPUTS[i % INPUTS.length]);
  if (flush) await pact.flush();
  const before = memory();
  const wasmBefore = wasmBytes(pact);
  const effects = { permit: 0, escalate: 0, forbid: 0 };
  const start = process.hrtime.bigint();
  for (let i = 0; i < DECISIONS; i++) {
    const k = i % INPUTS.length;
    const d: Decision = pact.decide(INPUTS[k]);
    effects[d.effect]++;
    if (JSON.stringify(d) !== expected[k]) throw new Error(`decision ${i} drifted: ${JSON.stringify(d)} ≠ ${expected[k]}`);
    if (flush && (i + 1) % FLUSH_EVERY === 0) await pact.flush();
  }
  if (flush) await pact.flush();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const after = memory();
  console.log(`\n${name}: ${DECISIONS.toLocaleString('en')} decisions in ${seconds.toFixed(2)} s — ${Math.round(DECISIONS / seconds).toLocaleString('en')} decisions/s`);
  console.log(`  effects: ${effects.permit} permit, ${effects.escalate} escalate, ${effects.forbid} forbid`);
  console.log(`  heap: ${mib(before.heap)} → ${mib(after.heap)} (${delta(after.heap - before.heap)})`);
  console.log(`  rss:  ${mib(before.rss)} → ${mib(after.rss)} (${delta(after.rss - before.rss)})`);
  console.log(`  wasm memory: ${mib(wasmBefore)} → ${mib(wasmBytes(pact))}`);
  if (wasmBytes(pact) !== wasmBefore) throw new Error('the Wasm memory grew');
}

const path = fileURLToPath(new URL('../examples/refunds.pact', import.meta.url));
const built = await buildPactBundle(path, readFileSync(path, 'utf8'));
if (!built.bundle) throw new Error('examples/refunds.pact does not build');
const bytes = built.bundle.bytes;
console.log(`soak: pact ${built.bundle.name} ${built.bundle.version}, bundle ${bytes.length} bytes, ${DECISIONS.toLocaleString('en')} decisions per phase, node ${process.version}`);
if (!(globalThis as { gc?: unknown }).gc) console.log('(run with --expose-gc for heap figures after a full collection)');

const plain = await loadBundle(bytes);
const expected = INPUTS.map((x) => JSON.stringify(plain.decide(x)));
await phase('no log', plain, expected, false);

if (LOG_PHASE) {
  let lines = 0;
  let logBytes = 0;
  const logged = await loadBundle(bytes, {
    log: callbackSink((line) => {
      lines++;
      logBytes += line.length + 1;
    }),
  });
  await phase('log (discarding sink)', logged, expected, true);
  console.log(`  log: ${lines.toLocaleString('en')} records, ${mib(logBytes)} of JSON lines hashed and discarded`);
  await logged.close();
}
