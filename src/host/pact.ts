/**
 * The embedded host: a loaded pact bundle that decides actions.
 *
 * A {@link Pact} wraps one instance of the bundle's `policy.wasm`, run by
 * `@open-policy-agent/opa-wasm` — the same SDK any JavaScript OPA-Wasm host uses, so what runs
 * here is exactly what ships. Decisions are synchronous (`evaluate` is), so concurrent callers
 * cannot interleave inside one. The data document lives in the host: run-time controls
 * (`killSwitch`, `revoke`, `restore`, `setData`) change it and push it into the instance, and the
 * next decision sees the change — no rebuild, no reload.
 */
import { readFile } from 'node:fs/promises';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { readBundle, verifyBundle, type BundleContents, type VerifyOptions } from '../bundle/index.js';
import type { Decision, Explanation } from '../decision/index.js';

/** Options of {@link loadBundle}. */
export interface LoadOptions {
  /** Verify the bundle's signature with this key before loading (an unsigned bundle is refused). */
  readonly verification?: VerifyOptions;
}

/** What identifies a loaded bundle in decisions and logs. */
export interface BundleInfo {
  readonly name: string;
  readonly version: string;
  readonly revision: string;
}

type Loaded = Awaited<ReturnType<typeof loadPolicy>>;
type DataDoc = { readonly [key: string]: unknown };

/** A pact ready to decide. */
export class Pact {
  private data: DataDoc;

  private constructor(
    readonly info: BundleInfo,
    private readonly policy: Loaded,
    data: DataDoc,
  ) {
    this.data = data;
    this.push();
  }

  /** Instantiates `wasm` for pact `info.name` with the pact's data object `data`. */
  static async fromWasm(info: BundleInfo, wasm: Uint8Array, data: DataDoc): Promise<Pact> {
    return new Pact(info, await loadPolicy(wasm), data);
  }

  /** The decision document for `input` (undefined: no input, which is refused as invalid). */
  decide(input: unknown): Decision {
    return this.evaluate(input, 'decision') as Decision;
  }

  /** The decision plus a trace of every rule: which conditions failed, with the values seen. */
  explain(input: unknown): Explanation {
    return this.evaluate(input, 'explain') as Explanation;
  }

  /** Engages (or releases) the kill switch: while on, every action is forbidden. */
  killSwitch(on: boolean): void {
    this.setData({ kill_switch: on });
  }

  /** Revokes a secret: rules granting it stop matching. */
  revoke(secret: string): void {
    const revoked = new Set(this.revoked());
    revoked.add(secret);
    this.setData({ revoked: [...revoked].sort() });
  }

  /** Restores a revoked secret. */
  restore(secret: string): void {
    this.setData({ revoked: this.revoked().filter((s) => s !== secret) });
  }

  /** Replaces data fields (thresholds, allow-lists, …) field by field. */
  setData(patch: DataDoc): void {
    this.data = { ...this.data, ...patch };
    this.push();
  }

  /** The pact's current data object. */
  currentData(): DataDoc {
    return this.data;
  }

  private revoked(): string[] {
    const r = this.data['revoked'];
    return Array.isArray(r) ? r.filter((s): s is string => typeof s === 'string') : [];
  }

  private push(): void {
    this.policy.setData({ pact: { [this.info.name]: this.data } });
  }

  private evaluate(input: unknown, entrypoint: 'decision' | 'explain'): unknown {
    const result = this.policy.evaluate(input, `pact/${this.info.name}/${entrypoint}`) as { result: unknown }[];
    const first = result[0];
    if (result.length !== 1 || !first) throw new Error(`pact ${this.info.name}: the policy returned no decision`);
    return first.result;
  }
}

/** Reads, optionally verifies, and instantiates a bundle from a path or its bytes. */
export async function loadBundle(source: string | Uint8Array, opts: LoadOptions = {}): Promise<Pact> {
  const bytes = typeof source === 'string' ? new Uint8Array(await readFile(source)) : source;
  const bundle = await readBundle(bytes);
  if (opts.verification) await verifyBundle(bundle, opts.verification);
  return Pact.fromWasm(bundleInfo(bundle), bundle.wasm, pactData(bundle));
}

/** The pact's identity from a bundle's manifest. */
export function bundleInfo(bundle: BundleContents): BundleInfo {
  const meta = (bundle.manifest.metadata as { pact?: { name?: unknown; version?: unknown } } | undefined)?.pact;
  const name = typeof meta?.name === 'string' ? meta.name : (bundle.roots[0] ?? '').replace(/^pact\//, '');
  const version = typeof meta?.version === 'string' ? meta.version : '';
  return { name, version, revision: bundle.manifest.revision };
}

function pactData(bundle: BundleContents): DataDoc {
  const info = bundleInfo(bundle);
  const pact = (bundle.data['pact'] as Record<string, unknown> | undefined)?.[info.name];
  return (pact ?? {}) as DataDoc;
}
