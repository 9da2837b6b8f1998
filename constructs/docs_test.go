package ecsec2

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"strings"
	"testing"
)

// Every prop's doc comment says it is required, or what its default is, as
// CDK's own props do.
func TestEveryPropSaysRequiredOrItsDefault(t *testing.T) {
	files, err := parser.ParseDir(token.NewFileSet(), ".", func(fi fs.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, pkg := range files {
		for _, file := range pkg.Files {
			ast.Inspect(file, func(n ast.Node) bool {
				spec, ok := n.(*ast.TypeSpec)
				if !ok || !strings.HasSuffix(spec.Name.Name, "Props") {
					return true
				}
				seen++
				for _, f := range spec.Type.(*ast.StructType).Fields.List {
					doc := f.Doc.Text()
					if !strings.Contains(doc, "Required.") && !strings.Contains(doc, "Default: ") {
						t.Errorf("%s.%s: its doc comment says neither \"Required.\" nor \"Default: ...\"", spec.Name.Name, f.Names[0].Name)
					}
				}
				return false
			})
		}
	}
	if seen != 3 {
		t.Errorf("want the three props types, found %d", seen)
	}
}
