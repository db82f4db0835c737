// The block form of the module statement, which the go command accepts.
module (
	example.com/tree // the module path
)

go 1.24
