module example.com/config_invalid

go 1.24
