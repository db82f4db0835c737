module example.com/truncated

go 1.24
