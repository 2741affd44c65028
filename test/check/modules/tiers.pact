// A library that uses another library: its lets see `std.trust`, and so do its users. Its data
// field comes along too, so hosts can tune it.
pact tiers version "1.0.0"
use std.trust
data { senior_incidents: int = 0 }
let senior = trusted and trust.incidents <= data.senior_incidents
