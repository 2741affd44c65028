// std.recipients — who a message goes to: inside the organisation or outside it.
//
// `use std.recipients` brings in the input fragment
//
//   action: { recipient?: string, cc?: list<string> }
//
// (merged with the pact's own `action` fields; both optional, so actions that send nothing
// leave them out), the data field `internal_recipient_suffixes`, and the lets below.
//
// Addresses are bare (`alice@example.com`, not `Alice <alice@example.com>`). An address is
// *internal* when it is well formed — something, one `@`, something, no spaces — and, in lower
// case, ends with one of `data.internal_recipient_suffixes`. Write a suffix with its leading
// `@` for one domain (`"@example.com"`) and with a leading `.` for all its subdomains
// (`".example.com"` matches `bob@eu.example.com` but not `bob@notexample.com`). The language
// has no string concatenation, so the `@` is part of the data rather than added by the library.
//
// Everything else is *external*: other domains, malformed addresses, display-name forms. Unknown
// means external, so a mistake in the data or in the host's formatting sends a message to review
// rather than out of the door.
//
// The default suffixes name `example.com`, a domain reserved for documentation (RFC 2606), so a
// pact that forgets to configure them treats every real address as external. Set the real
// domains at run time (`data.json`, `pactc eval --data`, `Pact.setData`); a pact that uses this
// module cannot redeclare the field with another default.
//
// There is no let for the number of addressees: without a conditional expression, `len(action.cc)`
// cannot default to 0 when `cc` is absent. Write `has action.cc and len(action.cc) > N`.
pact recipients version "1.0.0"

input {
  action: {
    recipient?: string, // the primary addressee, a bare address
    cc?: list<string>, // further addressees (cc, bcc, extra "to"), bare addresses
  },
}

data {
  // Address suffixes, in lower case, that mark an address as internal.
  internal_recipient_suffixes: set<string> = ["@example.com", ".example.com"],
}

// The primary recipient is present and looks like one bare address.
let well_formed_recipient = has action.recipient and action.recipient matches "?*@?*" and not action.recipient matches "*@*@*" and not contains(action.recipient, " ")

// The primary recipient is inside the organisation.
let internal_recipient = well_formed_recipient and has action.recipient and any s in data.internal_recipient_suffixes: ends_with(lower(action.recipient), s)

// There is a primary recipient and it is not known to be internal.
let external_recipient = has action.recipient and not internal_recipient

// At least one further addressee is not known to be internal. (The test of one address is
// written out again for each `cc` entry: a let cannot take an argument.)
let external_cc = has action.cc and any c in action.cc: not (c matches "?*@?*" and not c matches "*@*@*" and not contains(c, " ") and any s in data.internal_recipient_suffixes: ends_with(lower(c), s))

// The message goes to someone outside the organisation.
let external_audience = external_recipient or external_cc

// The message has a primary recipient and every addressee is internal.
let internal_only = internal_recipient and not external_cc
