module example.com/duplicate_type

go 1.24
