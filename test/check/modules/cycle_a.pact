// Half of a `use` cycle: cycle_a uses cycle_b, which uses cycle_a.
pact cycle_a version "1.0.0"
use "./cycle_b.pact"
let a_flag = true
