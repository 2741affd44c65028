// A library for the checker's corpus: an input fragment, a let and a rule (not imported).
pact common version "1.0.0"

input { action: { tool: string, amount?: number } }

let stripe = starts_with(action.tool, "stripe.")

permit lib_rule when stripe because "library rules are not imported"
