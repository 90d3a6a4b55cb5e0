// Package ocds holds placematch's JSON Schema of the open data export ocds
// writes: the parts of OCDS 1.1.5 and its bids extension it uses, written
// for the project from the standard's documentation.
package ocds

import _ "embed"

// Schema is the JSON Schema (draft 2020-12) of the release package.
//
//go:embed schema.json
var Schema []byte
