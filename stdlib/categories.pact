// std.categories — the standard categories of agent actions, and their risk levels.
//
// Every action an agent attempts falls into one of five categories, ordered roughly by the
// harm a mistake can do:
//
//   category                risk      what it is
//   read                    low       looks at data the agent is allowed to see; changes nothing
//   state_mutation          medium    changes records: tickets, orders, settings, files
//   external_communication  high      speaks for the organisation: email, chat, posts to third parties
//   money_movement          critical  moves money: refunds, payouts, transfers, purchases
//   privileged_retrieval    critical  reads secrets or regulated data: credentials, exports, PII lookups
//
// `use std.categories` brings in the `Category` enum, the input fragment
// `action: { category: Category }` (merged with the pact's own `action` fields) and the lets
// below, so a pact can write `when moves_money` instead of `action.category == "money_movement"`.
//
// The risk lets form a ladder. `low_risk` holds for the lowest level only; `medium_risk`,
// `high_risk` and `critical` hold for their level *and every level above it*, so a rule gated on
// `high_risk` also covers critical actions — a category is never forgotten by a rule written
// against a level:
//
//   low_risk     read
//   medium_risk  state_mutation, external_communication, money_movement, privileged_retrieval
//   high_risk    external_communication, money_movement, privileged_retrieval
//   critical     money_movement, privileged_retrieval
pact categories version "1.1.0"

// The standard categories of agent actions.
enum Category { read, state_mutation, money_movement, external_communication, privileged_retrieval }

input {
  action: {
    category: Category, // what kind of action the agent attempts
  },
}

// One let per category.
let is_read = action.category == "read"
let mutates_state = action.category == "state_mutation"
let moves_money = action.category == "money_movement"
let communicates_externally = action.category == "external_communication"
let retrieves_privileged = action.category == "privileged_retrieval"

// Anything but a read changes the world or reveals something that cannot be unrevealed.
let has_side_effects = not is_read

// Actions whose mistakes cannot be undone by the organisation alone: money that has left,
// messages that have been read, secrets that have been seen. Pacts usually escalate or forbid
// these unless the agent is trusted (see `std.trust`).
let high_risk = action.category in ["money_movement", "external_communication", "privileged_retrieval"]

// Actions that can be reversed by the organisation itself.
let reversible = action.category in ["read", "state_mutation"]

// The risk ladder (see the header). `low_risk` is "at most low"; the others are "at least".
let low_risk = is_read
let medium_risk = has_side_effects

// The top of the ladder: money and secrets. Pacts usually want fresh trust, a narrow grant and
// often a human for these.
let critical = action.category in ["money_movement", "privileged_retrieval"]
