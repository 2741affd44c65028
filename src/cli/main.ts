/**
 * `pactc` — the command line.
 *
 * Parses arguments with commander and dispatches to one module per command, imported only when
 * its command runs (so `pactc check` does not load the Wasm host, tar or JWS libraries). Exit statuses
 * follow spec §9: 0 success, 1 errors in the user's pacts or inputs, 2 usage errors. Every
 * command writes through an {@link Io} so tests run it in-process.
 */
import { Command, CommanderError, Option } from 'commander';
import { CliError, processIo, type Io } from './io.js';
import { COMPILER_VERSION } from '../version.js';

/** Runs `pactc` with `argv` (without the node and script names); resolves to the exit status. */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  let status = 0;
  const program = new Command('pactc')
    .description('Compile behavioural contracts for AI agents (pacts) to OPA WebAssembly bundles')
    .version(COMPILER_VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .showHelpAfterError('(run `pactc help` for usage)');

  program
    .command('check')
    .description('parse and type-check pacts; diagnostics go to stderr')
    .argument('<files...>', 'pact files')
    .option('--json', 'print diagnostics as a JSON array on stdout')
    .addOption(new Option('--color', 'force coloured output'))
    .action(async (files: string[], opts: { json?: boolean; color?: boolean }) => {
      status = (await import('./check.js')).runCheck(files, { json: opts.json === true }, withColor(io, opts.color));
    });

  program
    .command('fmt')
    .description('print pacts in the canonical layout (comments kept)')
    .argument('<files...>', 'pact files')
    .option('--check', 'exit 1 and list the files that are not formatted; write nothing')
    .option('-w, --write', 'rewrite the files in place')
    .action(async (files: string[], opts: { check?: boolean; write?: boolean }) => {
      status = (await import('./fmt.js')).runFmt(files, { check: opts.check === true, write: opts.write === true }, io);
    });

  program
    .command('build')
    .description('compile a pact to an OPA bundle (policy.wasm, data.json, .manifest)')
    .argument('<file>', 'the pact')
    .requiredOption('-o, --output <bundle>', 'where to write the bundle (.tar.gz)')
    .option('--signing-key <key>', 'sign the bundle: a PEM file or inline PEM, or the secret for HS*')
    .option('--signing-alg <alg>', 'RS256 (default), PS256, ES256, HS256, … (384/512 variants too)')
    .option('--key-id <id>', 'the key id recorded in the signature (default "default")')
    .option('--scope <scope>', 'the signature scope, for consumers that check one')
    .option('--types <file>', 'also write TypeScript declarations of the Input, Data and Decision (.d.ts)')
    .option('--evidence <report>', 'store a `pactc test --json` report of this very source in the bundle')
    .action(async (file: string, opts: { output: string; signingKey?: string; signingAlg?: string; keyId?: string; scope?: string; types?: string; evidence?: string }) => {
      status = await (await import('./build.js')).runBuild(file, opts, io);
    });

  program
    .command('eval')
    .description('decide one input with a bundle or a pact; prints the decision document')
    .argument('<bundle-or-file>', 'a bundle (.tar.gz) or a pact (.pact)')
    .requiredOption('-i, --input <file>', 'the input document (JSON), or - for standard input')
    .option('-d, --data <file>', 'data fields (JSON object) replacing the defaults field by field (fields the pact does not declare are an error)')
    .option('--explain', 'add the trace of every rule: which conditions failed, with the values seen')
    .option('--log <file>', 'append the decision to this decision log (hash-chained JSON lines)')
    .option('--key <key>', 'refuse a bundle not signed with this key: a PEM file or inline PEM, or the HS* secret')
    .option('--alg <alg>', 'the key\'s algorithm: RS256 (default), PS256, ES256, HS256, …')
    .option('--scope <scope>', 'the signature scope the bundle must have')
    .option('--key-id <id>', 'the key id to report')
    .action(async (target: string, opts: { input: string; data?: string; explain?: boolean; log?: string; key?: string; alg?: string; scope?: string; keyId?: string }) => {
      status = await (await import('./eval.js')).runEval(target, { ...opts, explain: opts.explain === true }, io);
    });

  program
    .command('verify')
    .description('check a bundle\'s signature and file digests, as OPA does; exit 1 if it does not verify')
    .argument('<bundle>', 'a bundle (.tar.gz)')
    .option('--key <key>', 'the public key or certificate (PEM file or inline PEM), or the HS* secret')
    .option('--alg <alg>', 'the key\'s algorithm: RS256 (default), PS256, ES256, HS256, …')
    .option('--scope <scope>', 'the scope the bundle must be signed for')
    .option('--key-id <id>', 'the key id to report')
    .action(async (bundle: string, opts: { key?: string; alg?: string; scope?: string; keyId?: string }) => {
      status = await (await import('./verify.js')).runVerify(bundle, opts, io);
    });

  program
    .command('log')
    .description('work with decision logs')
    .command('verify')
    .description('check a decision log: every record intact, present and in order; exit 1 on any problem')
    .argument('<file>', 'a decision log (JSON lines)')
    .option('--head <seq:hash>', 'the head recorded elsewhere: catches records cut off the end')
    .option('--previous <seq:hash>', 'the last record of the previous segment of a rotated log')
    .option('--rotated', 'the log is a rotated segment and may start after seq 0 (otherwise records missing before the first are an error)')
    .action(async (file: string, opts: { head?: string; previous?: string; rotated?: boolean }) => {
      status = await (await import('./log.js')).runLogVerify(file, opts, io);
    });

  program
    .command('replay')
    .description(
      're-decide every record of a decision log and report differences; exit 1 on any, on lines that are not records, ' +
        'on records no bundle given decides, and when nothing could be replayed',
    )
    .argument('<log>', 'a decision log (JSON lines)')
    .argument('<bundles...>', 'the bundle to decide with (.tar.gz); for a log spanning a hot swap, every bundle that decided it (each record is replayed with its own)')
    .option('-d, --data <file>', 'data fields (JSON object) patched over every record\'s data: a what-if (each into the records of the bundles that declare it; a field no bundle declares is an error)')
    .option('--key <key>', 'refuse a bundle not signed with this key')
    .option('--alg <alg>', 'the key\'s algorithm: RS256 (default), PS256, ES256, HS256, …')
    .option('--scope <scope>', 'the signature scope the bundle must have')
    .option('--json', 'print the whole report as JSON')
    .option('--head <seq:hash>', 'as for `log verify`: the head recorded elsewhere, which the log must contain')
    .option('--previous <seq:hash>', 'as for `log verify`: the last record of the previous segment of a rotated log')
    .option('--rotated', 'as for `log verify`: the log is a rotated segment and may start after seq 0')
    .action(async (log: string, bundles: string[], opts: { data?: string; key?: string; alg?: string; scope?: string; json?: boolean; head?: string; previous?: string; rotated?: boolean }) => {
      status = await (await import('./replay.js')).runReplay(log, bundles, opts, io);
    });

  program
    .command('test')
    .description('run the tests and properties of pacts, and the built-in properties, against the compiled Wasm')
    .argument('<files...>', 'pact files')
    .option('--seed <n>', 'the fast-check seed (default: random; printed with every failure)')
    .option('--runs <n>', 'cases per property (default: 400)')
    .option('--json [file]', 'write the report (an evidence record for `build --evidence`) as JSON to FILE, or to stdout')
    .action(async (files: string[], opts: { seed?: string; runs?: string; json?: string | boolean }) => {
      // Loaded on demand, like every command: the test runner pulls in fast-check.
      status = await (await import('./test.js')).runTests(files, opts, io);
    });

  program
    .command('demo')
    .description('play a scripted day of the support agent of examples/support-agent (what `npm start` runs)')
    .option('--log <file>', 'where to write the decision log (default: a temporary file)')
    .action(async (opts: { log?: string }) => {
      status = await (await import('../demo/day.js')).runDemo(io, opts.log !== undefined ? { log: opts.log } : {});
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return status;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.exitCode === 0) return 0;
      return 2;
    }
    if (e instanceof CliError) {
      io.stderr(`pactc: ${e.message}\n`);
      return e.exitCode;
    }
    throw e;
  }
}

function withColor(io: Io, force: boolean | undefined): Io {
  return force ? { ...io, color: true } : io;
}
