module example.com/cyclic

go 1.24
