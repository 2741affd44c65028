/**
 * `pactc demo` (what `npm start` runs): a day in the life of a support agent gaining authority.
 *
 * Compiles example 1 (`examples/support-agent/v4.pact`) to a bundle, loads it into the embedded
 * host with a decision log, and plays a scripted day: ordinary reads, a ticket update, billing
 * context under a narrow grant, a small refund, a large one that escalates and is then approved,
 * the agent's trust degrading after a dispute, a secret revoked, and the kill switch flipped
 * during an incident. Each decision is printed with its effect, rules, approvers, grants and
 * reason; at the end the decision log is verified. The output is meant to explain the product
 * to a newcomer on its own.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import pc from 'picocolors';
import { repoRoot } from '../check/index.js';
import { buildPactBundle } from '../compile.js';
import type { Decision } from '../decision/index.js';
import { renderDiagnostic } from '../diag/index.js';
import { loadBundle, type Pact } from '../host/index.js';
import { verifyLogFile } from '../host/log/index.js';
import type { Io } from '../cli/io.js';

/** One moment of the day: a control change, or an action the agent asks to take. */
type Step =
  | { readonly at: string; readonly note: string; readonly control: (pact: Pact) => void }
  | {
      readonly at: string;
      readonly note: string;
      readonly input: () => Record<string, unknown>;
      readonly expect: Decision['effect'];
      /** Also show, from the explain trace, which rules a revoked grant stopped. */
      readonly why?: boolean;
    };

const SESSION = { ticket: 'T-1001', customer: 'cus_42' };
const TRUSTED = { score: 0.92, eval_age: 2 * 86400, open_disputes: 0, incidents: 0 };

/**
 * The scripted day. An action's input is built when it happens, with the agent's trust of that
 * moment; `expect` is what the pact must decide, and the demo fails loudly otherwise.
 */
function script(): Step[] {
  let trust = { ...TRUSTED };
  const asks = (action: Record<string, unknown>, approval?: { by: string; role: string }) => () => ({ action, session: SESSION, trust, ...(approval ? { approval } : {}) });
  const act = (tool: string, category: string, extra: Record<string, unknown> = {}) => ({ tool, category, target: SESSION.ticket, ...extra });
  const refund = (amount: number) => act('stripe.create_refund', 'money_movement', { customer: SESSION.customer, amount });
  return [
    { at: '09:00', note: 'read the assigned ticket', input: asks(act('zendesk.get_ticket', 'read')), expect: 'permit' },
    { at: '09:04', note: 'search the knowledge base', input: asks({ tool: 'kb.search_articles', category: 'read', target: 'refund policy' }), expect: 'permit' },
    { at: '09:10', note: 'set the ticket to pending', input: asks(act('zendesk.update_ticket', 'state_mutation', { new_state: 'pending' })), expect: 'permit' },
    { at: '09:12', note: 'update someone else’s ticket', input: asks({ ...act('zendesk.update_ticket', 'state_mutation', { new_state: 'solved' }), target: 'T-2002' }), expect: 'forbid' },
    { at: '09:20', note: 'fetch billing context', input: asks(act('billing.get_customer', 'privileged_retrieval', { customer: SESSION.customer })), expect: 'permit' },
    { at: '09:31', note: 'refund 30', input: asks(refund(30)), expect: 'permit' },
    { at: '09:40', note: 'refund 300', input: asks(refund(300)), expect: 'escalate' },
    {
      at: '09:52',
      note: 'refund 300, approved by finance',
      input: asks(refund(300), { by: 'fran', role: 'finance-lead' }),
      expect: 'permit',
    },
    { at: '11:15', note: 'a customer opens a dispute', control: () => (trust = { ...trust, open_disputes: 1 }) },
    { at: '11:20', note: 'refund 30', input: asks(refund(30)), expect: 'forbid' },
    { at: '11:22', note: 'read the assigned ticket', input: asks(act('zendesk.get_ticket', 'read')), expect: 'permit' },
    { at: '12:40', note: 'the dispute is resolved', control: () => (trust = { ...trust, open_disputes: 0 }) },
    { at: '13:00', note: 'security revokes the Stripe key', control: (p) => p.revoke('stripe') },
    { at: '13:05', note: 'refund 30', input: asks(refund(30)), expect: 'forbid', why: true },
    { at: '13:30', note: 'the Stripe key is rotated and restored', control: (p) => p.restore('stripe') },
    { at: '14:30', note: 'incident: the kill switch is engaged', control: (p) => p.killSwitch(true) },
    { at: '14:31', note: 'read the assigned ticket', input: asks(act('zendesk.get_ticket', 'read')), expect: 'forbid' },
    { at: '15:10', note: 'incident over: the kill switch is released', control: (p) => p.killSwitch(false) },
    { at: '15:12', note: 'read the assigned ticket', input: asks(act('zendesk.get_ticket', 'read')), expect: 'permit' },
  ];
}

/** Runs the scripted day; returns the exit status (1 when a decision is not the expected one). */
export async function runDemo(io: Io, opts: { log?: string } = {}): Promise<number> {
  const color = io.color ? pc.createColors(true) : pc.createColors(false);
  const root = repoRoot();
  const path = join(root, 'examples', 'support-agent', 'v4.pact');
  const shown = relative(io.cwd, path) || path;
  const built = await buildPactBundle(shown, readFileSync(path, 'utf8'));
  for (const d of built.frontEnd.diagnostics) io.stderr(renderDiagnostic(d, built.frontEnd.lookup) + '\n');
  if (!built.bundle) return 1;
  const b = built.bundle;
  const logPath = opts.log ?? join(mkdtempSync(join(tmpdir(), 'pactc-demo-')), 'decisions.jsonl');
  const pact = await loadBundle(b.bytes, { log: logPath, labels: { demo: 'support-agent-day' } });

  const out = (s = '') => io.stdout(s + '\n');
  out(color.bold(`pactc demo — a day of ${b.name} ${b.version}`));
  out(`compiled ${shown} → bundle (policy.wasm ${b.wasmSize} bytes, revision ${b.revision.slice(0, 12)}), loaded into the embedded host`);
  out(`every decision is logged to ${logPath}`);
  out();
  const paint = (e: string) => (e === 'permit' ? color.green(e) : e === 'escalate' ? color.yellow(e) : color.red(e));
  out(color.dim(`${'time'.padEnd(6)}${'what the agent asks'.padEnd(34)}${'effect'.padEnd(10)}rules, approvers, grants — reason`));
  let unexpected = 0;
  for (const step of script()) {
    if ('control' in step) {
      step.control(pact);
      out(`${step.at.padEnd(6)}${color.cyan(`— ${step.note}`)}`);
      continue;
    }
    const d = pact.decide(step.input());
    const extras = [
      d.rules.join(', '),
      ...(d.approvers.length ? [`approvers: ${d.approvers.join(', ')}`] : []),
      ...d.grants.map((g) => `grant ${g.secret} ${g.scope} ${g.ttl_seconds}s`),
    ].join('; ');
    out(`${step.at.padEnd(6)}${step.note.padEnd(34)}${paint(d.effect).padEnd(io.color ? 19 : 10)}${extras}`);
    out(`${''.padEnd(50)}${color.dim(d.reasons[0] ?? '')}`);
    if (step.why) {
      for (const r of pact.explain(step.input()).explanation) {
        const revoked = r.conditions.find((c) => c.kind === 'grant' && c.passed === false);
        if (revoked) out(`${''.padEnd(50)}${color.dim(`explain: ${r.rule} held, but its \`${revoked.text}\` is revoked`)}`);
      }
    }
    if (d.effect !== step.expect) {
      unexpected++;
      out(color.red(`      expected ${step.expect}: the pact or the script changed`));
    }
  }
  await pact.close();
  const v = await verifyLogFile(logPath);
  out();
  out(v.ok ? `decision log: ${v.records.length} records, hash chain verified (head ${v.head?.hash.slice(0, 12) ?? '-'})` : color.red(`decision log: ${v.problems.length} problems`));
  out(`try: pactc log verify ${logPath}`);
  out(`     pactc eval examples/support-agent/v4.pact --input examples/inputs/support-agent/large-refund.json --explain`);
  return unexpected === 0 && v.ok ? 0 : 1;
}
