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
pact trust version "1.0.0"

input {
  trust: {
    score: number @trust(higher) @range(0, 1),
    eval_age: duration @trust(lower),
    open_disputes: int @trust(lower),
    incidents: int @trust(lower),
  },
}

// Freshness of the last evaluation.
let fresh_eval = trust.eval_age <= 30d
let recent_eval = trust.eval_age <= 90d

// No open complaints and no incidents on record.
let clean_record = trust.open_disputes == 0 and trust.incidents == 0

// The top tier: a high score, evaluated within a month, nothing against the agent.
let trusted = trust.score >= 0.8 and fresh_eval and clean_record

// A solid record: a good score, evaluated within a quarter, at most one open dispute and no
// incidents.
let established = trust.score >= 0.6 and recent_eval and trust.open_disputes <= 1 and trust.incidents == 0

// The lowest tier that may act at all, under supervision: a fair score, evaluated within a
// quarter, few disputes and incidents.
let probation = trust.score >= 0.3 and recent_eval and trust.open_disputes <= 3 and trust.incidents <= 1

// Below every tier: the agent should not act on its own.
let untrusted = not probation
