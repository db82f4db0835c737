// Command gutsall runs guts over several packages at once, as benchmarks/compare.py needs: each
// package's names get a prefix of their own, since guts refuses two declarations of one name.
//
//	gutsall IMPORT_PATH...
package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/coder/guts"
	"github.com/coder/guts/config"
)

func main() {
	parser, err := guts.NewGolangParser()
	if err != nil {
		fail(err)
	}
	for i, path := range os.Args[1:] {
		if err := parser.IncludeGenerateWithPrefix(path, fmt.Sprintf("P%d_", i)); err != nil {
			fail(err)
		}
	}
	parser.IncludeCustomDeclaration(config.StandardMappings())
	ts, err := parser.ToTypescript()
	if err != nil {
		fail(err)
	}
	ts.ApplyMutations(config.EnumLists, config.ExportTypes, config.ReadOnly)
	output, err := ts.Serialize()
	if err != nil {
		fail(err)
	}
	fmt.Println(strings.TrimSpace(output))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gutsall:", err)
	os.Exit(1)
}
