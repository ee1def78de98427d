package sim

// NftIfaceRef is an interface name a rule matches (iifname, oifname, iif,
// oif), where it is written.
type NftIfaceRef struct {
	Name      string
	Line, Col int
	// ByIndex: iif/oif, which nft resolves when it loads the rule (it
	// refuses a name the host does not have); iifname/oifname take any.
	ByIndex bool
}

// IfaceRefs lists the interface names rs's rules match, in file order
// of their tables, chains and rules.
func (rs *Ruleset) IfaceRefs() []NftIfaceRef {
	var out []NftIfaceRef
	for _, s := range rs.stmts() {
		if m, ok := s.(matchIface); ok {
			for _, n := range m.names {
				out = append(out, NftIfaceRef{Name: n, Line: m.line, Col: m.col, ByIndex: m.byIndex})
			}
		}
	}
	return out
}
