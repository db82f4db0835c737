module example.com/config_not_utf8

go 1.24
