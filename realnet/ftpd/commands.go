package ftpd

// commandSpec says how the control loop treats a verb.
type commandSpec struct {
	handle         func(s *session, arg string) // nil: recognized, not implemented (502)
	needLogin      bool                         // 530 before login
	needArg        bool                         // 501 without an argument
	duringTransfer bool                         // answered while a transfer runs
	syntax         string                       // for HELP
}

// commandTable lists every verb the server knows. It is built per Server
// (not a package variable) because handleHELP reads it.
func commandTable() map[string]commandSpec {
	return map[string]commandSpec{
		// Access control, handle_auth.go (RFC 959 §4.1.1, RFC 4217).
		"USER": {handle: (*session).handleUSER, needArg: true, syntax: "USER <name>"},
		"PASS": {handle: (*session).handlePASS, syntax: "PASS <password>"},
		"ACCT": {handle: (*session).handleACCT, syntax: "ACCT <account>"},
		"QUIT": {handle: (*session).handleQUIT, duringTransfer: true, syntax: "QUIT"},
		"AUTH": {handle: (*session).handleAUTH, needArg: true, syntax: "AUTH TLS"},
		"PBSZ": {handle: (*session).handlePBSZ, needArg: true, syntax: "PBSZ 0"},
		"PROT": {handle: (*session).handlePROT, needArg: true, syntax: "PROT C|P"},
		"REIN": {syntax: "REIN"},
		"CCC":  {syntax: "CCC"},
		"SMNT": {syntax: "SMNT <path>"},

		// Directories and listings, handle_dirs.go.
		"CWD":  {handle: (*session).handleCWD, needLogin: true, needArg: true, syntax: "CWD <path>"},
		"XCWD": {handle: (*session).handleCWD, needLogin: true, needArg: true, syntax: "XCWD <path>"},
		"CDUP": {handle: (*session).handleCDUP, needLogin: true, syntax: "CDUP"},
		"XCUP": {handle: (*session).handleCDUP, needLogin: true, syntax: "XCUP"},
		"PWD":  {handle: (*session).handlePWD, needLogin: true, syntax: "PWD"},
		"XPWD": {handle: (*session).handlePWD, needLogin: true, syntax: "XPWD"},
		"MKD":  {handle: (*session).handleMKD, needLogin: true, needArg: true, syntax: "MKD <path>"},
		"XMKD": {handle: (*session).handleMKD, needLogin: true, needArg: true, syntax: "XMKD <path>"},
		"RMD":  {handle: (*session).handleRMD, needLogin: true, needArg: true, syntax: "RMD <path>"},
		"XRMD": {handle: (*session).handleRMD, needLogin: true, needArg: true, syntax: "XRMD <path>"},
		"LIST": {handle: (*session).handleLIST, needLogin: true, syntax: "LIST [<path>]"},
		"NLST": {handle: (*session).handleNLST, needLogin: true, syntax: "NLST [<path>]"},
		"MLSD": {handle: (*session).handleMLSD, needLogin: true, syntax: "MLSD [<path>]"},
		"MLST": {handle: (*session).handleMLST, needLogin: true, syntax: "MLST [<path>]"},

		// Files, handle_files.go.
		"RETR": {handle: (*session).handleRETR, needLogin: true, needArg: true, syntax: "RETR <path>"},
		"STOR": {handle: (*session).handleSTOR, needLogin: true, needArg: true, syntax: "STOR <path>"},
		"STOU": {handle: (*session).handleSTOU, needLogin: true, syntax: "STOU [<name>]"},
		"APPE": {handle: (*session).handleAPPE, needLogin: true, needArg: true, syntax: "APPE <path>"},
		"DELE": {handle: (*session).handleDELE, needLogin: true, needArg: true, syntax: "DELE <path>"},
		"RNFR": {handle: (*session).handleRNFR, needLogin: true, needArg: true, syntax: "RNFR <path>"},
		"RNTO": {handle: (*session).handleRNTO, needLogin: true, needArg: true, syntax: "RNTO <path>"},
		"SIZE": {handle: (*session).handleSIZE, needLogin: true, needArg: true, syntax: "SIZE <path>"},
		"MDTM": {handle: (*session).handleMDTM, needLogin: true, needArg: true, syntax: "MDTM <path>"},
		"REST": {handle: (*session).handleREST, needLogin: true, needArg: true, syntax: "REST <offset>"},
		"ALLO": {handle: (*session).handleALLO, needLogin: true, syntax: "ALLO <size>"},

		// Data connections and transfer parameters, handle_transfer.go.
		"PORT": {handle: (*session).handlePORT, needLogin: true, needArg: true, syntax: "PORT h1,h2,h3,h4,p1,p2"},
		"EPRT": {handle: (*session).handleEPRT, needLogin: true, needArg: true, syntax: "EPRT |proto|addr|port|"},
		"PASV": {handle: (*session).handlePASV, needLogin: true, syntax: "PASV"},
		"EPSV": {handle: (*session).handleEPSV, needLogin: true, syntax: "EPSV [1|2|ALL]"},
		"TYPE": {handle: (*session).handleTYPE, needLogin: true, needArg: true, syntax: "TYPE A|I"},
		"MODE": {handle: (*session).handleMODE, needLogin: true, needArg: true, syntax: "MODE S"},
		"STRU": {handle: (*session).handleSTRU, needLogin: true, needArg: true, syntax: "STRU F"},
		"ABOR": {handle: (*session).handleABOR, needLogin: true, duringTransfer: true, syntax: "ABOR"},

		// Everything else, handle_misc.go.
		"SYST": {handle: (*session).handleSYST, syntax: "SYST"},
		"STAT": {handle: (*session).handleSTAT, duringTransfer: true, syntax: "STAT [<path>]"},
		"HELP": {handle: (*session).handleHELP, syntax: "HELP [<command>]"},
		"NOOP": {handle: (*session).handleNOOP, duringTransfer: true, syntax: "NOOP"},
		"FEAT": {handle: (*session).handleFEAT, syntax: "FEAT"},
		"OPTS": {handle: (*session).handleOPTS, needArg: true, syntax: "OPTS UTF8 ON | OPTS MLST <facts>"},
		"SITE": {syntax: "SITE <command>"},
	}
}
