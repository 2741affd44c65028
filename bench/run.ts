/**
 * Benchmarks — figures, not tests (`npm run bench`).
 *
 * 1. Front end: `pactc check` work (parse + check) on a generated 1,000-rule pact, in-process
 *    and as a whole CLI run (process start included).
 * 2. Wasm: module size for the spec example (examples/refunds.pact) and for the 1,000-rule pact.
 * 3. Decisions per second through `@open-policy-agent/opa-wasm` on the spec example, for a
 *    permit, an escalate and an invalid input, and the same through the reference evaluator.
 *    Also the Wasm alone: `opa_eval` called in a loop on input text already in memory (no SDK,
 *    no JSON.stringify/parse in JS), with the schema-guided input decoder and without it.
 * 4. Memory: heap before and after 200,000 decisions.
 * 5. When an `opa` binary is at hand ($OPA, or the one scripts/cross-host.sh --self-test builds),
 *    the same decisions through OPA's own compiled Wasm for the hand-written Rego equivalent
 *    (bench/refunds.rego), loaded by the same SDK.
 * Each timed section runs a warm-up first and reports the median of several rounds.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { compileWasm, frontEnd } from '../src/compile.js';
import { decide } from '../src/eval/index.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

function time(rounds: number, f: () => void): number {
  f();
  const out: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    f();
    out.push(performance.now() - t);
  }
  return median(out);
}

/** A pact with `n` rules over a realistic schema. */
export function generatedPact(n: number): string {
  const lines = [
    'pact generated version "1.0.0"',
    'enum Category { read, state_mutation, money_movement, external_communication, privileged_retrieval }',
    'input {',
    '  action: { tool: string, category: Category, amount?: number, target: string, tags: list<string> },',
    '  trust: { score: number @trust(higher) @range(0, 1), eval_age: duration @trust(lower), open_disputes: int @trust(lower) },',
    '}',
    'data { limit: number = 500, tools: set<string> = ["a", "b"] }',
    'let trusted = trust.score >= 0.8 and trust.eval_age <= 30d and trust.open_disputes == 0',
  ];
  const kinds = ['permit', 'escalate', 'forbid'] as const;
  for (let i = 0; i < n; i++) {
    const k = kinds[i % 3];
    const head = k === 'escalate' ? `escalate r${i} to "role${i % 7}"` : `${k} r${i}`;
    lines.push(
      head,
      `  when action.category == "money_movement" and has action.amount and action.amount > ${i * 10}`,
      `  when starts_with(action.tool, "tool${i}") or action.tool in data.tools`,
      `  unless trusted and any t in action.tags: t matches "x${i}*"`,
      ...(k === 'forbid' ? [] : [`  grant "secret${i % 5}" scope "s:${i}" ttl ${i + 1}m`]),
      `  because "reason ${i}"`,
    );
  }
  return lines.join('\n') + '\n';
}

/** A loop of `n` decisions and what one decision allocated in the module. */
interface RawLoop {
  (n: number): void;
  readonly heapUsed: number;
}

/**
 * Decides through `opa_eval` directly: the data parsed once, the input text written once, then
 * `opa_eval` in a loop with the same heap pointer (as the SDK does per call), reading only the
 * result's length. This is the module's own cost, without the JS-side JSON work of a host.
 */
function rawEvaluator(bytes: Uint8Array, entrypoint: string, data: unknown): (input: unknown) => RawLoop {
  const memory = new WebAssembly.Memory({ initial: 5 });
  const fail = (): never => {
    throw new Error('the module called a host function');
  };
  const env = new Proxy<Record<string, WebAssembly.ImportValue>>({ memory }, { get: (t, k: string) => t[k] ?? fail });
  const ex = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env }).exports as Record<string, (...a: number[]) => number>;
  const mem = (): Uint8Array => new Uint8Array(memory.buffer);
  const cstr = (addr: number): string => {
    const m = mem();
    let end = addr;
    while (m[end] !== 0) end++;
    return new TextDecoder().decode(m.subarray(addr, end));
  };
  const write = (text: string): [number, number] => {
    const b = new TextEncoder().encode(text);
    const addr = ex['opa_malloc']!(b.length);
    mem().set(b, addr);
    return [addr, b.length];
  };
  const ids = JSON.parse(cstr(ex['opa_json_dump']!(ex['entrypoints']!()))) as Record<string, number>;
  const ep = ids[entrypoint];
  if (ep === undefined) throw new Error(`no entrypoint ${entrypoint}`);
  const dataAddr = ex['opa_json_parse']!(...write(JSON.stringify(data)));
  return (input) => {
    const [addr, len] = write(JSON.stringify(input));
    const heap = ex['opa_heap_ptr_get']!();
    const once = (): number => {
      const out = ex['opa_eval']!(0, ep, dataAddr, addr, len, heap, 0);
      const m = mem();
      let end = out;
      while (m[end] !== 0) end++;
      return end - out;
    };
    once();
    const heapUsed = ex['opa_heap_ptr_get']!() - heap;
    const loop = (n: number): void => {
      for (let i = 0; i < n; i++) once();
    };
    return Object.assign(loop, { heapUsed });
  };
}

async function main(): Promise<void> {
  const big = generatedPact(1000);
  const feBig = frontEnd('generated.pact', big);
  if (!feBig.ok) throw new Error(feBig.diagnostics.map((d) => d.message).join('\n'));
  const checkMs = time(5, () => frontEnd('generated.pact', big));
  const dir = mkdtempSync(join(tmpdir(), 'pactc-bench-'));
  const file = join(dir, 'generated.pact');
  writeFileSync(file, big);
  const cliMs = time(3, () => execFileSync(process.execPath, ['bin/pactc.js', 'check', file]));
  console.log(`front end, 1,000-rule pact (${(big.length / 1024).toFixed(0)} KiB): parse+check ${checkMs.toFixed(0)} ms in-process; \`pactc check\` ${cliMs.toFixed(0)} ms wall (process start included)`);

  const bigWasmMs = time(3, () => compileWasm(feBig.pact!));
  console.log(`wasm, 1,000-rule pact: ${compileWasm(feBig.pact!).length} bytes, generated in ${bigWasmMs.toFixed(0)} ms`);

  const src = readFileSync('examples/refunds.pact', 'utf8');
  const pact = frontEnd('examples/refunds.pact', src).pact!;
  const wasm = compileWasm(pact);
  console.log(`wasm, spec example: ${wasm.length} bytes`);

  const policy = await loadPolicy(wasm);
  policy.setData({ pact: { [pact.name]: pact.dataDefaults } });
  const trust = { score: 0.9, eval_age: 86400, open_disputes: 0 };
  const inputs = {
    permit: { action: { tool: 'stripe.refund', category: 'money_movement', amount: 200, target: 'cus_1' }, trust },
    escalate: { action: { tool: 'stripe.refund', category: 'money_movement', amount: 2000, target: 'cus_1' }, trust },
    invalid: { action: { tool: 'x', category: 'nope', target: 1 }, trust: { score: 2 } },
  };
  const N = 20_000;
  const plain = compileWasm(pact, { decodeInput: false });
  const rawOurs = rawEvaluator(wasm, `pact/${pact.name}/decision`, { pact: { [pact.name]: pact.dataDefaults } });
  const rawPlain = rawEvaluator(plain, `pact/${pact.name}/decision`, { pact: { [pact.name]: pact.dataDefaults } });
  for (const [name, input] of Object.entries(inputs)) {
    const a = rawOurs(input);
    const b = rawPlain(input);
    const msA = time(5, () => a(N));
    const msB = time(5, () => b(N));
    console.log(
      `decisions/s, ${name.padEnd(8)}: Wasm alone (opa_eval loop) ${Math.round((N / msA) * 1000).toLocaleString('en')}, without the input decoder ${Math.round((N / msB) * 1000).toLocaleString('en')}; heap per decision ${a.heapUsed} vs ${b.heapUsed} bytes`,
    );
  }
  for (const [name, input] of Object.entries(inputs)) {
    const ms = time(5, () => {
      for (let i = 0; i < N; i++) policy.evaluate(input, 'pact/refund_agent/decision');
    });
    const refMs = time(5, () => {
      for (let i = 0; i < N; i++) decide(pact, input);
    });
    console.log(`decisions/s, ${name.padEnd(8)}: wasm via opa-wasm ${Math.round((N / ms) * 1000).toLocaleString('en')}, reference evaluator ${Math.round((N / refMs) * 1000).toLocaleString('en')}`);
  }
  const opaBin = process.env['OPA'] ?? 'test/cross/.cache/bin/opa';
  if (existsSync(opaBin)) {
    const dir2 = mkdtempSync(join(tmpdir(), 'pactc-bench-opa-'));
    execFileSync(opaBin, ['build', '-t', 'wasm', '-e', 'bench/refund_agent/decision', 'bench/refunds.rego', '-o', join(dir2, 'b.tar.gz')]);
    execFileSync('tar', ['xzf', join(dir2, 'b.tar.gz'), '-C', dir2]);
    const opaWasm = readFileSync(join(dir2, 'policy.wasm'));
    const opa = await loadPolicy(opaWasm);
    opa.setData({ pact: { [pact.name]: pact.dataDefaults } });
    console.log(`OPA-compiled Wasm for the same policy (bench/refunds.rego): ${opaWasm.length} bytes`);
    for (const name of ['permit', 'escalate'] as const) {
      const ms = time(5, () => {
        for (let i = 0; i < N; i++) opa.evaluate(inputs[name], 'bench/refund_agent/decision');
      });
      const raw = rawEvaluator(opaWasm, 'bench/refund_agent/decision', { pact: { [pact.name]: pact.dataDefaults } })(inputs[name]);
      const rawMs = time(5, () => raw(N));
      console.log(
        `decisions/s, ${name.padEnd(8)}: OPA's Wasm via opa-wasm ${Math.round((N / ms) * 1000).toLocaleString('en')}; alone (opa_eval loop) ${Math.round((N / rawMs) * 1000).toLocaleString('en')}, heap per decision ${raw.heapUsed} bytes`,
      );
    }
  } else {
    console.log('(no opa binary: set OPA=/path/to/opa to compare with OPA-compiled Wasm)');
  }
  global.gc?.();
  const before = process.memoryUsage();
  for (let i = 0; i < 200_000; i++) policy.evaluate(inputs.escalate, 'pact/refund_agent/decision');
  global.gc?.();
  const after = process.memoryUsage();
  const mb = (x: number) => (x / 1048576).toFixed(1);
  console.log(`memory over 200,000 decisions: heap ${mb(before.heapUsed)} → ${mb(after.heapUsed)} MiB, external+wasm ${mb(before.external + before.arrayBuffers)} → ${mb(after.external + after.arrayBuffers)} MiB`);
}

if (process.argv[1]?.endsWith("run.ts")) await main();
