module example.com/unsupported

go 1.24
