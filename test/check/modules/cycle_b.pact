// The other half of a `use` cycle.
pact cycle_b version "1.0.0"
use "./cycle_a.pact"
let b_flag = a_flag and true
