// std.trust — the trust context of an agent, and trust tiers over it.
//
// A host attaches the agent's current trust context to every input:
//
//   score          0 (unknown, misbehaving) … 1 (long, clean record); higher is safer
//   eval_age       seconds since the agent was last evaluated; lower is safer (fresher)
//   open_disputes  unresolved complaints about the agent's past actions; lower is safer
//   incidents      confirmed incidents in the agent's history; lower is safer
//
// Each field is a trust signal (`@trust`), so `pactc test` checks that degrading any of them
// never makes a decision more permissive.
//
// The tiers are *at least* predicates — `established` holds for trusted agents too — so each
// of them only gets harder to satisfy as a signal degrades. That keeps pacts monotone when
// they grant authority on a tier (`permit … when established`) and refuse on its negation
// (`forbid … when untrusted`). To single out one tier exactly, write `probation and not
// established`, and use it only to restrict, never to grant.
//
//   tier         score    evaluated within   open disputes   incidents
//   trusted      >= 0.8   30 days            0               0
//   established  >= 0.6   90 days            <= 1            0
//   probation    >= 0.3   90 days            <= 3            <= 1
//   untrusted    anything below probation
//
// The lets come in two kinds, and keeping them apart keeps a pact monotone:
//
//   grant on these (they only get harder to satisfy as trust degrades)
//     current_eval, fresh_eval, recent_eval, clean_record, trusted, established, probation
//   refuse or escalate on these (they only get easier to satisfy as trust degrades)
//     stale_eval, disputed, has_incidents, degraded, untrusted
//
// A rule that grants on a "refuse" let (`permit … when disputed`) or refuses on a "grant" let
// (`forbid … when trusted`) makes degraded trust more permissive, which `pactc test` reports as a
// counterexample to the built-in "trust is monotone" property.
pact trust version "1.1.0"

input {
  trust: {
    score: number @trust(higher) @range(0, 1),
    eval_age: duration @trust(lower),
    open_disputes: int @trust(lower),
    incidents: int @trust(lower),
  },
}

// Freshness of the last evaluation: within a week (what money movement and privileged
// retrieval should ask for), a month, a quarter.
let current_eval = trust.eval_age <= 7d
let fresh_eval = trust.eval_age <= 30d
let recent_eval = trust.eval_age <= 90d

// No open complaints and no incidents on record. Counts are compared with `<=`, never `==`: a
// count is an `int`, and a (malformed but schema-conforming) negative count must not look worse
// than zero, or degrading it would make a decision more permissive.
let clean_record = trust.open_disputes <= 0 and trust.incidents <= 0

// The top tier: a high score, evaluated within a month, nothing against the agent.
let trusted = trust.score >= 0.8 and fresh_eval and clean_record

// A solid record: a good score, evaluated within a quarter, at most one open dispute and no
// incidents.
let established = trust.score >= 0.6 and recent_eval and trust.open_disputes <= 1 and trust.incidents <= 0

// The lowest tier that may act at all, under supervision: a fair score, evaluated within a
// quarter, few disputes and incidents.
let probation = trust.score >= 0.3 and recent_eval and trust.open_disputes <= 3 and trust.incidents <= 1

// Below every tier: the agent should not act on its own.
let untrusted = not probation

// The restrictive side: signals that something is wrong.
// Not evaluated for more than a quarter.
let stale_eval = not recent_eval

// At least one open complaint about the agent's past actions.
let disputed = trust.open_disputes > 0

// At least one confirmed incident on record.
let has_incidents = trust.incidents > 0

// Below `established`: the agent may still act under supervision (if on probation), but its
// authority should shrink — lower limits, more escalation, no secrets.
let degraded = not established
