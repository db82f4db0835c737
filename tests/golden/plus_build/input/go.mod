module example.com/plus_build

go 1.24
