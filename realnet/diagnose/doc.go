// Package diagnose tells an admin why FTP data connections fail between
// this host and a real server, and who is at fault.
//
// It owns three things, kept apart so that the reasoning can be tested
// without a network:
//
//   - the attempts (run.go, attempt.go): log in with the real client
//     (realnet/ftpclient) and open a data connection in every mode
//     separately, without fallback — PASV to the 227 address, PASV to the
//     control peer (PASV_CTLIP), EPSV, PORT, EPRT — in plain FTP and, when
//     asked or offered, under explicit FTPS;
//   - the evidence (evidence.go): what each attempt saw — its transcript,
//     the address announced, where the data connection went, how it ended
//     — and what the server revealed (STAT's "Connected to" line: the
//     address it sees for us, so client-side NAT shows);
//   - the rules (rules*.go, culprits.go): Diagnose, a pure function from
//     Evidence to a Diagnosis — a verdict per mode, and findings that name
//     the likely culprit, where it sits, the lab scenario and the lesson
//     that show it, and the fix for each party. Where the evidence fits
//     more than one culprit the finding says so and lists what would tell
//     them apart; failures no rule explains are reported as unexplained.
//
// The renderers (render*.go) print a Diagnosis as text, Markdown or JSON;
// the JSON schema is documented on Report and is stable: fields are added,
// never renamed or removed.
package diagnose
