module example.com/nonnil

go 1.24
