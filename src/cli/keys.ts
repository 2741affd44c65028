/**
 * Key arguments on the command line (`--key` of verify/eval/replay, `--signing-key` of build),
 * read as OPA reads `--verification-key` and `--signing-key`: the secret itself for HS*, inline
 * PEM, or the path of a PEM file — relative to the command's directory. Kept apart from
 * `verify.ts` so that `pactc build` does not load the Wasm host.
 */
import { BundleError, resolveKeyArgument, type SigningAlgorithm } from '../bundle/index.js';
import { absolute, CliError, type Io } from './io.js';

/** Whether a key argument names a PEM file (not an HS* secret, not inline PEM). */
export function isKeyPath(arg: string, alg: SigningAlgorithm): boolean {
  return !alg.startsWith('HS') && !arg.includes('-----BEGIN ');
}

/**
 * Resolves a key argument (`--key`, `--signing-key`) as OPA does — the secret itself for HS*,
 * inline PEM, or a PEM file, relative to the command's directory. A file that cannot be read is
 * a `CliError` (`cannot read key file \`nope.pem\``), for every command alike.
 */
export async function keyArgument(arg: string, alg: SigningAlgorithm, io: Io): Promise<string> {
  const isPath = isKeyPath(arg, alg);
  try {
    return await resolveKeyArgument(isPath ? absolute(io, arg) : arg, alg);
  } catch (e) {
    if (e instanceof BundleError) throw new CliError(`cannot read key file \`${arg}\``);
    throw e;
  }
}
