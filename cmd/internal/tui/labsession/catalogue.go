package labsession

import "ftplab/cmd/internal/tui"

// shipped is the catalogue of the shipped scenario files.
var shipped = tui.Shipped()
